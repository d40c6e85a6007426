# Inputs of the naming module: the tfvars keys that names derive from. Provider-free, so `terraform test`
# runs offline.

variable "prefix" {
  description = "Base prefix of the platform (used in resource group and compute instance names)."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.prefix))
    error_message = "prefix must be 2-10 lowercase letters and digits, starting with a letter."
  }
}

variable "resource_prefixes" {
  description = "Per-resource prefixes from the strategy's naming table."
  type = object({
    vnet               = string
    subnet             = string
    workspace          = string
    registry           = string
    storage            = string
    container_registry = string
    key_vault          = string
    log_analytics      = string
  })
  validation {
    condition     = alltrue([for value in values(var.resource_prefixes) : length(value) > 0])
    error_message = "Every resource prefix must be non-empty."
  }
}

variable "extra_prefixes" {
  description = "Prefixes the strategy's table does not name (errata 9), in the table's style. Must equal EXTRA_PREFIXES in src/platform/model.ts."
  type = object({
    application_insights   = string
    network_security_group = string
    compute_cluster        = string
    compute_instance       = string
    private_endpoint       = string
  })
  default = {
    application_insights   = "amlappi"
    network_security_group = "nsg-aml"
    compute_cluster        = "cpu"
    compute_instance       = "ci"
    private_endpoint       = "pe"
  }
}

variable "purpose" {
  description = "The environment: dev or prod."
  type        = string
  validation {
    condition     = contains(["dev", "prod"], var.purpose)
    error_message = "purpose must be dev or prod."
  }
}

variable "location_code" {
  description = "Short region code used in names, e.g. cc for canadacentral."
  type        = string
  validation {
    condition     = can(regex("^[a-z0-9]{1,4}$", var.location_code))
    error_message = "location_code must be 1-4 lowercase letters and digits."
  }
}

variable "random_string" {
  description = "Uniqueness suffix used in names."
  type        = string
  validation {
    condition     = can(regex("^[a-z0-9]{1,6}$", var.random_string))
    error_message = "random_string must be 1-6 lowercase letters and digits."
  }
}
