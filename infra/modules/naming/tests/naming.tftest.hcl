# Offline tests of the naming module (no providers): the strategy's examples and the validations.

variables {
  prefix = "aml"
  resource_prefixes = {
    vnet               = "vnet-aml"
    subnet             = "subnet-aml"
    workspace          = "amlws"
    registry           = "amlreg"
    storage            = "amlst"
    container_registry = "amlacr"
    key_vault          = "amlkv"
    log_analytics      = "amllog"
  }
  purpose       = "dev"
  location_code = "cc"
  random_string = "01"
}

run "strategy_examples_dev" {
  command = plan
  assert {
    condition     = output.names.vnet == "vnet-amldevcc01" && output.names.workspace == "amlwsdevcc01" && output.names.storage_account == "amlstdevcc01"
    error_message = "dev names differ from the strategy's examples"
  }
  assert {
    condition     = output.resource_groups == { vnet = "rg-aml-vnet-dev-cc01", ws = "rg-aml-ws-dev-cc01", reg = "rg-aml-reg-dev-cc01" }
    error_message = "dev resource groups differ from errata 10"
  }
  assert {
    condition     = output.names.application_insights == "amlappidevcc01" && output.names.network_security_group == "nsg-amldevcc01"
    error_message = "extra prefixes not applied"
  }
  assert {
    condition     = output.names.workspace_identity == "dev-mi-workspace" && output.names.compute_identity == "dev-mi-compute"
    error_message = "identity names differ from the strategy"
  }
  assert {
    condition     = output.private_endpoints.storage_blob == "pe-amlstdevcc01-blob" && output.private_endpoints.registry == "pe-amlregdevcc01"
    error_message = "private endpoint names wrong"
  }
}

run "strategy_examples_prod" {
  command = plan
  variables {
    purpose = "prod"
  }
  assert {
    condition     = output.names.vnet == "vnet-amlprodcc01" && output.resource_groups.vnet == "rg-aml-vnet-prod-cc01"
    error_message = "prod names differ from the strategy's examples"
  }
  assert {
    condition     = output.names.compute_cluster == "cpu-prod-cc01" && output.names.compute_instance == "ci-amlprodcc01"
    error_message = "compute names wrong"
  }
}

run "rejects_unknown_purpose" {
  command = plan
  variables {
    purpose = "staging"
  }
  expect_failures = [var.purpose]
}

run "rejects_bad_random_string" {
  command = plan
  variables {
    random_string = "Not-OK"
  }
  expect_failures = [var.random_string]
}

run "rejects_names_beyond_azure_limits" {
  command = plan
  variables {
    resource_prefixes = {
      vnet               = "vnet-aml"
      subnet             = "subnet-aml"
      workspace          = "amlws"
      registry           = "amlreg"
      storage            = "aml-storage-much-too-long"
      container_registry = "amlacr"
      key_vault          = "amlkv"
      log_analytics      = "amllog"
    }
  }
  expect_failures = [output.names]
}
