output "vnet_address_space" {
  description = "The VNet range."
  value       = var.vnet_address_space
  precondition {
    condition     = local.subnet_inside_vnet
    error_message = "subnet_address_prefix ${var.subnet_address_prefix} is outside vnet_address_space ${var.vnet_address_space}."
  }
  precondition {
    condition     = length(local.overlapping) == 0
    error_message = "vnet_address_space ${var.vnet_address_space} overlaps ${join(", ", local.overlapping)}; the environments must not share address space."
  }
}

output "subnet_address_prefix" {
  description = "The private endpoint subnet range."
  value       = var.subnet_address_prefix
}

output "private_dns_zones" {
  description = "The environment's private DNS zones."
  value       = var.private_dns_zones
}

output "nsg_rules" {
  description = "Security rules of the subnet's NSG."
  value       = local.nsg_rules
}
