variable "name_suffix" {
  description = "<purpose>-<location code><random string>."
  type        = string
}

variable "resource_group_name" {
  description = "Group holding the action group and alert."
  type        = string
}

variable "resource_group_ids" {
  description = "The environment's resource groups (key to id): each gets a budget."
  type        = map(string)
}

variable "amount" {
  description = "Monthly budget per resource group, in the billing currency."
  type        = number
  validation {
    condition     = var.amount > 0
    error_message = "amount must be positive."
  }
}

variable "thresholds" {
  description = "Alert thresholds in percent of the budget."
  type        = list(number)
  validation {
    condition     = length(var.thresholds) > 0 && alltrue([for t in var.thresholds : t > 0 && t <= 1000])
    error_message = "thresholds must be a non-empty list of percentages in (0, 1000]."
  }
}

variable "start_date" {
  description = "First day of the budget period (YYYY-MM-01T00:00:00Z)."
  type        = string
  validation {
    condition     = can(regex("^[0-9]{4}-[0-9]{2}-01T00:00:00Z$", var.start_date))
    error_message = "start_date must be the first of a month: YYYY-MM-01T00:00:00Z."
  }
}

variable "email_addresses" {
  description = "Who is told about budget alerts and RBAC changes."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
