# One azurerm_role_assignment per matrix row that applies to the environment. Nothing here decides who gets
# what: the rbac module expands infra/rbac/rbac-matrix.json and this module only applies it.

locals {
  # The matrix's principal types as Azure's principalType.
  principal_types = {
    ServicePrincipal     = "ServicePrincipal"
    UserAssignedIdentity = "ServicePrincipal"
    Group                = "Group"
  }
}

resource "azurerm_role_assignment" "this" {
  for_each                         = var.assignments
  scope                            = each.value.scope
  role_definition_name             = each.value.custom_role ? null : each.value.role
  role_definition_id               = each.value.custom_role ? var.custom_role_definition_ids[each.value.role] : null
  principal_id                     = var.principal_ids[each.value.principal_key]
  principal_type                   = local.principal_types[each.value.principal_type]
  skip_service_principal_aad_check = each.value.principal_type == "UserAssignedIdentity"
  description                      = "Airlock RBAC matrix: ${each.value.principal_name} / ${each.value.role} / ${each.value.scope_key}"
}
