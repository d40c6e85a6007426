# Offline tests of the RBAC expansion (no providers), over the real matrix file.

variables {
  matrix                = jsondecode(file("../../rbac/rbac-matrix.json"))
  purpose               = "prod"
  subscription_id       = "c0ffee00-0000-4000-8000-00000000a11c"
  resource_groups       = { vnet = "rg-aml-vnet-prod-cc01", ws = "rg-aml-ws-prod-cc01", reg = "rg-aml-reg-prod-cc01" }
  names                 = { workspace = "amlwsprodcc01", registry = "amlregprodcc01", storage_account = "amlstprodcc01", container_registry = "amlacrprodcc01", key_vault = "amlkvprodcc01" }
  private_endpoints     = { storage_blob = "pe-amlstprodcc01-blob", storage_file = "pe-amlstprodcc01-file" }
  human_registry_access = "read-only"
}

run "prod_people_read_only_on_registry" {
  command = plan
  assert {
    condition     = contains(keys(output.assignments), "data_scientists|AzureML Registry Reader (Airlock)|registry")
    error_message = "people must get the read-only registry role in prod (errata 6)"
  }
  assert {
    condition     = !contains(keys(output.assignments), "data_scientists|AzureML Registry User|registry")
    error_message = "people must not get Registry User on the prod registry by default"
  }
  assert {
    condition     = keys(output.custom_roles) == ["AzureML Registry Reader (Airlock)"]
    error_message = "the custom read-only role must be defined in prod"
  }
}

run "deployer_on_all_three_groups" {
  command = plan
  assert {
    condition     = length([for k, a in output.assignments : k if a.principal_key == "deployer"]) == 9
    error_message = "deployer needs Contributor, User Access Administrator and Network Contributor on all three groups"
  }
  assert {
    condition     = output.assignments["deployer|Contributor|resource_group.reg"].scope == "/subscriptions/c0ffee00-0000-4000-8000-00000000a11c/resourceGroups/rg-aml-reg-prod-cc01"
    error_message = "resource group scope wrong"
  }
  assert {
    condition     = output.assignments["workspace_identity|Reader|storage_private_endpoint.blob"].scope == "/subscriptions/c0ffee00-0000-4000-8000-00000000a11c/resourceGroups/rg-aml-vnet-prod-cc01/providers/Microsoft.Network/privateEndpoints/pe-amlstprodcc01-blob"
    error_message = "private endpoint scope wrong"
  }
}

run "workspace_phase_split" {
  command = plan
  assert {
    condition     = length(output.foundation_assignments) + length(output.workspace_assignments) == length(output.assignments)
    error_message = "the two phases must partition the assignments"
  }
  assert {
    condition     = alltrue([for a in values(output.workspace_assignments) : a.scope_key == "workspace"])
    error_message = "only workspace-scoped assignments wait for the workspace"
  }
}

run "literal_matrix_option" {
  command = plan
  variables {
    human_registry_access = "literal-matrix"
  }
  assert {
    condition     = contains(keys(output.assignments), "data_scientists|AzureML Registry User|registry") && length(output.custom_roles) == 0
    error_message = "literal-matrix gives people Registry User on the prod registry"
  }
}

run "dev_people_registry_user" {
  command = plan
  variables {
    purpose           = "dev"
    resource_groups   = { vnet = "rg-aml-vnet-dev-cc01", ws = "rg-aml-ws-dev-cc01", reg = "rg-aml-reg-dev-cc01" }
    names             = { workspace = "amlwsdevcc01", registry = "amlregdevcc01", storage_account = "amlstdevcc01", container_registry = "amlacrdevcc01", key_vault = "amlkvdevcc01" }
    private_endpoints = { storage_blob = "pe-amlstdevcc01-blob", storage_file = "pe-amlstdevcc01-file" }
  }
  assert {
    condition     = contains(keys(output.assignments), "data_scientists|AzureML Registry User|registry") && output.principals.deployer.name == "sp-aml-deployment-dev"
    error_message = "dev people share to the dev registry"
  }
}

run "rejects_unknown_option" {
  command = plan
  variables {
    human_registry_access = "everyone-writes"
  }
  expect_failures = [var.human_registry_access]
}
