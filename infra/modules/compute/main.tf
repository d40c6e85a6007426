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

resource "azurerm_machine_learning_compute_instance" "this" {
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

  timeouts {
    create = "60m"
  }
}
