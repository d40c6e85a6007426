# The environment's network plan: address ranges checked for containment and overlap (as integers, since
# Terraform has no CIDR-containment function), the DNS zones, and the NSG rules. Provider-free.

locals {
  ranges = {
    for name, cidr in merge(
      { vnet = var.vnet_address_space, subnet = var.subnet_address_prefix },
      { for index, other in var.other_address_spaces : "other${index}" => other },
      ) : name => {
      cidr  = cidr
      first = sum([for index, octet in split(".", cidrhost(cidr, 0)) : tonumber(octet) * pow(256, 3 - index)])
      size  = pow(2, 32 - tonumber(split("/", cidr)[1]))
    }
  }
  vnet   = local.ranges.vnet
  subnet = local.ranges.subnet

  subnet_inside_vnet = local.subnet.first >= local.vnet.first && local.subnet.first + local.subnet.size <= local.vnet.first + local.vnet.size

  overlapping = [
    for name, range in local.ranges : range.cidr
    if startswith(name, "other") && range.first < local.vnet.first + local.vnet.size && local.vnet.first < range.first + range.size
  ]

  # Private endpoints only: deny everything inbound from the internet; the VNet's own traffic is allowed by
  # Azure's default rules. No peering, so nothing else can reach this range.
  nsg_rules = [
    {
      name                       = "deny-internet-inbound"
      priority                   = 4000
      direction                  = "Inbound"
      access                     = "Deny"
      protocol                   = "*"
      source_port_range          = "*"
      destination_port_range     = "*"
      source_address_prefix      = "Internet"
      destination_address_prefix = "*"
    },
  ]
}
