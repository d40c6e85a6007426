# Every name of one environment, derived exactly as the platform model (src/platform/model.ts) derives it:
# `<resource prefix><purpose><location code><random string>`. Provider-free.

locals {
  suffix = "${var.purpose}${var.location_code}${var.random_string}"
  p      = var.resource_prefixes
  x      = var.extra_prefixes

  resource_groups = {
    vnet = "rg-${var.prefix}-vnet-${var.purpose}-${var.location_code}${var.random_string}"
    ws   = "rg-${var.prefix}-ws-${var.purpose}-${var.location_code}${var.random_string}"
    reg  = "rg-${var.prefix}-reg-${var.purpose}-${var.location_code}${var.random_string}"
  }

  names = {
    vnet                   = "${local.p.vnet}${local.suffix}"
    subnet                 = "${local.p.subnet}${local.suffix}"
    network_security_group = "${local.x.network_security_group}${local.suffix}"
    workspace              = "${local.p.workspace}${local.suffix}"
    registry               = "${local.p.registry}${local.suffix}"
    storage_account        = "${local.p.storage}${local.suffix}"
    container_registry     = "${local.p.container_registry}${local.suffix}"
    key_vault              = "${local.p.key_vault}${local.suffix}"
    log_analytics          = "${local.p.log_analytics}${local.suffix}"
    application_insights   = "${local.x.application_insights}${local.suffix}"
    workspace_identity     = "${var.purpose}-mi-workspace"
    compute_identity       = "${var.purpose}-mi-compute"
    compute_cluster        = "${local.x.compute_cluster}-${var.purpose}-${var.location_code}${var.random_string}"
    compute_instance       = "${local.x.compute_instance}-${var.prefix}${local.suffix}"
  }

  private_endpoints = {
    workspace          = "${local.x.private_endpoint}-${local.names.workspace}"
    registry           = "${local.x.private_endpoint}-${local.names.registry}"
    storage_blob       = "${local.x.private_endpoint}-${local.names.storage_account}-blob"
    storage_file       = "${local.x.private_endpoint}-${local.names.storage_account}-file"
    key_vault          = "${local.x.private_endpoint}-${local.names.key_vault}"
    container_registry = "${local.x.private_endpoint}-${local.names.container_registry}"
    # The registry's system-created storage and ACR live in a service-managed group; these endpoints are ours.
    registry_storage = "${local.x.private_endpoint}-${local.names.registry}-storage"
    registry_acr     = "${local.x.private_endpoint}-${local.names.registry}-acr"
  }

  # Azure's naming limits (the same rules the platform model checks).
  name_rules = {
    storage_account    = { pattern = "^[a-z0-9]{3,24}$", rule = "3-24 lowercase letters and digits" }
    key_vault          = { pattern = "^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$", rule = "3-24 letters, digits and hyphens" }
    workspace          = { pattern = "^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$", rule = "3-33 letters, digits, '-' and '_'" }
    registry           = { pattern = "^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$", rule = "3-33 letters, digits, '-' and '_'" }
    container_registry = { pattern = "^[a-zA-Z0-9]{5,50}$", rule = "5-50 letters and digits" }
    log_analytics      = { pattern = "^[a-zA-Z0-9][a-zA-Z0-9-]{2,61}[a-zA-Z0-9]$", rule = "4-63 letters, digits and hyphens" }
    compute_cluster    = { pattern = "^[a-zA-Z][a-zA-Z0-9-]{1,15}$", rule = "2-16 letters, digits and hyphens" }
    compute_instance   = { pattern = "^[a-zA-Z][a-zA-Z0-9-]{2,23}$", rule = "3-24 letters, digits and hyphens" }
  }
  name_violations = [
    for key, rule in local.name_rules : "${key} name \"${local.names[key]}\" breaks Azure's limit (${rule.rule})"
    if !can(regex(rule.pattern, local.names[key]))
  ]
  # RE2 has no look-ahead, so the key vault's "no double hyphen" rule is separate.
  all_name_violations = concat(local.name_violations, strcontains(local.names.key_vault, "--") ? ["key_vault name \"${local.names.key_vault}\" has a double hyphen"] : [])
}
