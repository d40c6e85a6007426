output "identities" {
  description = "Identity key to id, principal id and client id."
  value = {
    for key, identity in azurerm_user_assigned_identity.this : key => {
      id           = identity.id
      principal_id = identity.principal_id
      client_id    = identity.client_id
      name         = identity.name
    }
  }
}
