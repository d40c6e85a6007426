# Cost and governance alerts of one environment: a budget per resource group with notifications at each
# threshold, and an alert on role assignment changes, all to the environment's own action group.

resource "azurerm_monitor_action_group" "this" {
  name                = "ag-aml-${var.name_suffix}"
  resource_group_name = var.resource_group_name
  short_name          = substr("aml${replace(var.name_suffix, "-", "")}", 0, 12)
  tags                = var.tags

  # Always someone: the subscription's Owners (an Azure Resource Manager role receiver), plus any addresses
  # given (issue 9, finding 13: with no addresses the group had no receiver at all).
  arm_role_receiver {
    name                    = "owners"
    role_id                 = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635" # Owner
    use_common_alert_schema = true
  }

  dynamic "email_receiver" {
    for_each = toset(var.email_addresses)
    content {
      name                    = "email-${index(var.email_addresses, email_receiver.value)}"
      email_address           = email_receiver.value
      use_common_alert_schema = true
    }
  }
}

resource "azurerm_consumption_budget_resource_group" "this" {
  for_each          = var.resource_group_ids
  name              = "budget-aml-${each.key}-${var.name_suffix}"
  resource_group_id = each.value
  amount            = var.amount
  time_grain        = "Monthly"

  time_period {
    start_date = var.start_date
  }

  lifecycle {
    # The default start date is this month at the first apply; later plans must not move it.
    ignore_changes = [time_period]
  }

  dynamic "notification" {
    for_each = toset(var.thresholds)
    content {
      enabled        = true
      threshold      = notification.value
      operator       = "GreaterThanOrEqualTo"
      threshold_type = "Actual"
      contact_groups = [azurerm_monitor_action_group.this.id]
      contact_emails = var.email_addresses
    }
  }
}

resource "azurerm_monitor_activity_log_alert" "role_assignment_changes" {
  name                = "alert-aml-rbac-${var.name_suffix}"
  resource_group_name = var.resource_group_name
  location            = "global"
  scopes              = values(var.resource_group_ids)
  description         = "A role assignment changed in this environment; the RBAC matrix is the only source of truth."
  tags                = var.tags

  criteria {
    category       = "Administrative"
    operation_name = "Microsoft.Authorization/roleAssignments/write"
  }

  action {
    action_group_id = azurerm_monitor_action_group.this.id
  }
}
