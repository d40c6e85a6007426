# Custom roles the matrix defines (errata 6: a read-only registry role; errata 11: a workspace reader), one
# copy per environment.

resource "azurerm_role_definition" "this" {
  for_each          = var.custom_roles
  name              = "${each.key} ${var.name_suffix}"
  scope             = var.scope
  description       = each.value.description
  assignable_scopes = coalesce(var.assignable_scopes, [var.scope])

  permissions {
    actions      = each.value.actions
    not_actions  = each.value.notActions
    data_actions = try(each.value.dataActions, [])
  }
}
