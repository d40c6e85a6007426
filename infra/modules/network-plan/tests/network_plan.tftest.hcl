# Offline tests of the network plan (no providers).

variables {
  vnet_address_space    = "10.1.0.0/16"
  subnet_address_prefix = "10.1.1.0/24"
}

run "dev_plan" {
  command = plan
  assert {
    condition     = output.vnet_address_space == "10.1.0.0/16" && output.subnet_address_prefix == "10.1.1.0/24"
    error_message = "ranges not passed through"
  }
  assert {
    condition     = length(output.private_dns_zones) == 6 && contains(output.private_dns_zones, "privatelink.api.azureml.ms") && contains(output.private_dns_zones, "privatelink.notebooks.azure.net")
    error_message = "the six privatelink zones are expected"
  }
}

run "prod_does_not_overlap_dev" {
  command = plan
  variables {
    vnet_address_space    = "10.2.0.0/16"
    subnet_address_prefix = "10.2.1.0/24"
    other_address_spaces  = ["10.1.0.0/16"]
  }
  assert {
    condition     = output.vnet_address_space == "10.2.0.0/16"
    error_message = "prod range wrong"
  }
}

run "rejects_overlap_with_the_other_environment" {
  command = plan
  variables {
    vnet_address_space    = "10.1.128.0/17"
    subnet_address_prefix = "10.1.129.0/24"
    other_address_spaces  = ["10.1.0.0/16"]
  }
  expect_failures = [output.vnet_address_space]
}

run "rejects_subnet_outside_vnet" {
  command = plan
  variables {
    subnet_address_prefix = "10.9.1.0/24"
  }
  expect_failures = [output.vnet_address_space]
}

run "rejects_host_bits" {
  command = plan
  variables {
    vnet_address_space = "10.1.0.1/16"
  }
  expect_failures = [var.vnet_address_space]
}

run "rejects_non_privatelink_zone" {
  command = plan
  variables {
    private_dns_zones = ["example.com"]
  }
  expect_failures = [var.private_dns_zones]
}
