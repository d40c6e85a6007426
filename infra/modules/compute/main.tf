# The compute cluster and compute instance, sharing one user-assigned identity. They live in the workspace's
# managed VNet: no subnet, no public IPs; the cluster scales to zero.

resource "azurerm_machine_learning_compute_cluster" "this" {
  name                          = var.cluster_name
  location                      = var.location
  machine_learning_workspace_id = var.workspace_id
  vm_priority                   = "Dedicated"
  vm_size                       = var.cluster_vm_size
  node_public_ip_enabled        = false
  local_auth_enabled            = false
  tags                          = var.tags

  identity {
    type         = "UserAssigned"
    identity_ids = [var.identity_id]
  }

  scale_settings {
    min_node_count                       = 0
    max_node_count                       = var.cluster_max_nodes
    scale_down_nodes_after_idle_duration = "PT15M"
  }

  # The managed VNet is built with the first compute, which can take half an hour.
  timeouts {
    create = "60m"
  }
}

# A compute instance belongs to one person: assigned to them, not to the deployment identity that creates it
# (issue 9, finding 12). Without an owner there is no compute instance.
resource "azurerm_machine_learning_compute_instance" "this" {
  count                         = var.instance_owner_object_id == null ? 0 : 1
  name                          = var.instance_name
  machine_learning_workspace_id = var.workspace_id
  virtual_machine_size          = var.instance_vm_size
  node_public_ip_enabled        = false
  local_auth_enabled            = false
  tags                          = var.tags

  identity {
    type         = "UserAssigned"
    identity_ids = [var.identity_id]
  }

  assign_to_user {
    object_id = var.instance_owner_object_id
    tenant_id = var.tenant_id
  }

  timeouts {
    create = "60m"
  }
}
