# Offline tests of the RBAC expansion (no providers), over the real matrix file.

variables {
  matrix                = jsondecode(file("../../rbac/rbac-matrix.json"))
  purpose               = "prod"
  subscription_id       = "c0ffee00-0000-4000-8000-00000000a11c"
  resource_groups       = { vnet = "rg-aml-vnet-prod-cc01", ws = "rg-aml-ws-prod-cc01", reg = "rg-aml-reg-prod-cc01" }
  names                 = { workspace = "amlwsprodcc01", registry = "amlregprodcc01", storage_account = "amlstprodcc01", container_registry = "amlacrprodcc01", key_vault = "amlkvprodcc01" }
  private_endpoints     = { storage_blob = "pe-amlstprodcc01-blob", storage_file = "pe-amlstprodcc01-file" }
  human_registry_access = "read-only"
  human_prod_access     = "least-privilege"
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
    condition     = keys(output.custom_roles) == ["AzureML Registry Reader (Airlock)", "AzureML Workspace Reader (Airlock)"]
    error_message = "the custom read-only roles must be defined in prod"
  }
}

run "prod_people_read_only_on_workspace_and_storage" {
  command = plan
  assert {
    condition     = contains(keys(output.assignments), "data_scientists|AzureML Workspace Reader (Airlock)|workspace") && contains(keys(output.assignments), "data_scientists|Storage Blob Data Reader|storage_account")
    error_message = "people must get the workspace reader and blob reader roles in prod (errata 11-12)"
  }
  assert {
    condition = length([for k, a in output.assignments : k if a.human && contains([
      "AzureML Data Scientist", "Azure AI Developer", "AzureML Compute Operator", "Storage File Data Privileged Contributor",
    ], a.role)]) == 0
    error_message = "people must not write prod endpoints, deployments, compute or file shares by default"
  }
  assert {
    condition     = [for k, a in output.assignments : a.scope if a.human && a.role == "Storage Blob Data Contributor"] == ["/subscriptions/c0ffee00-0000-4000-8000-00000000a11c/resourceGroups/rg-aml-ws-prod-cc01/providers/Microsoft.Storage/storageAccounts/amlstprodcc01/blobServices/default/containers/airlock-ledger"]
    error_message = "people's only blob write in prod is on the ledger container"
  }
  assert {
    condition     = output.assignments["promoter|Storage Blob Data Contributor|storage_container.ledger"].scope_key == "storage_container.ledger"
    error_message = "the promotion identity records promotions in the ledger"
  }
  assert {
    condition     = !contains(keys(output.workspace_assignments), "data_scientists|Storage Blob Data Contributor|storage_container.ledger")
    error_message = "the ledger container exists before the workspace (foundation phase)"
  }
}

run "literal_prod_access_option" {
  command = plan
  variables {
    human_prod_access = "literal-matrix"
  }
  assert {
    condition     = contains(keys(output.assignments), "data_scientists|AzureML Data Scientist|workspace") && contains(keys(output.assignments), "data_scientists|Storage Blob Data Contributor|storage_account")
    error_message = "literal-matrix restores the strategy's prod rows"
  }
  assert {
    condition     = !contains(keys(output.assignments), "data_scientists|Storage Blob Data Contributor|storage_container.ledger") && keys(output.custom_roles) == ["AzureML Registry Reader (Airlock)"]
    error_message = "literal-matrix needs no container-scoped role nor the workspace reader"
  }
}

run "rejects_unknown_prod_option" {
  command = plan
  variables {
    human_prod_access = "read-write"
  }
  expect_failures = [var.human_prod_access]
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
    condition     = contains(keys(output.assignments), "data_scientists|AzureML Registry User|registry") && keys(output.custom_roles) == ["AzureML Workspace Reader (Airlock)"]
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
  assert {
    condition     = contains(keys(output.assignments), "data_scientists|AzureML Data Scientist|workspace") && length(output.custom_roles) == 0 && !contains([for a in values(output.assignments) : a.scope_key], "storage_container.ledger")
    error_message = "dev people keep the strategy's roles; the ledger lives in prod only"
  }
}

run "rejects_unknown_option" {
  command = plan
  variables {
    human_registry_access = "everyone-writes"
  }
  expect_failures = [var.human_registry_access]
}
