# The RBAC matrix expanded for one environment: the assignments that apply to this environment and its
# human registry and prod access options, each with its concrete ARM scope. Keys are "<principal>|<role>|<scope>", which
# `airlock infra check` reads back from plan addresses.

locals {
  rg = { for key, name in var.resource_groups : key => "/subscriptions/${var.subscription_id}/resourceGroups/${name}" }

  scopes = {
    "resource_group.vnet"           = local.rg.vnet
    "resource_group.ws"             = local.rg.ws
    "resource_group.reg"            = local.rg.reg
    "workspace"                     = "${local.rg.ws}/providers/Microsoft.MachineLearningServices/workspaces/${var.names.workspace}"
    "registry"                      = "${local.rg.reg}/providers/Microsoft.MachineLearningServices/registries/${var.names.registry}"
    "storage_account"               = "${local.rg.ws}/providers/Microsoft.Storage/storageAccounts/${var.names.storage_account}"
    "container_registry"            = "${local.rg.ws}/providers/Microsoft.ContainerRegistry/registries/${var.names.container_registry}"
    "key_vault"                     = "${local.rg.ws}/providers/Microsoft.KeyVault/vaults/${var.names.key_vault}"
    "storage_private_endpoint.blob" = "${local.rg.vnet}/providers/Microsoft.Network/privateEndpoints/${var.private_endpoints.storage_blob}"
    "storage_private_endpoint.file" = "${local.rg.vnet}/providers/Microsoft.Network/privateEndpoints/${var.private_endpoints.storage_file}"
    # A data role on one container: the audit ledger's (errata 12).
    "storage_container.ledger" = "${local.rg.ws}/providers/Microsoft.Storage/storageAccounts/${var.names.storage_account}/blobServices/default/containers/${var.ledger_container_name}"
  }

  principals = {
    for key, principal in var.matrix.principals : key => {
      key   = key
      type  = principal.type
      name  = replace(principal.name, "{purpose}", var.purpose)
      human = principal.human
    }
  }

  applicable = [
    for a in var.matrix.assignments : a
    if contains(try(a.environments, [var.purpose]), var.purpose)
    && try(a.humanRegistryAccess, var.human_registry_access) == var.human_registry_access
    && try(a.humanProdAccess, var.human_prod_access) == var.human_prod_access
  ]

  assignments = {
    for a in local.applicable : "${a.principal}|${a.role}|${a.scope}" => {
      principal_key  = a.principal
      principal_name = local.principals[a.principal].name
      principal_type = local.principals[a.principal].type
      human          = local.principals[a.principal].human
      role           = a.role
      custom_role    = contains(keys(var.matrix.customRoles), a.role)
      scope_key      = a.scope
      scope          = local.scopes[a.scope]
    }
  }

  used_custom_roles = toset([for a in values(local.assignments) : a.role if a.custom_role])
}
