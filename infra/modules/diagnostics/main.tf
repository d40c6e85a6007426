# Diagnostic settings sending each target's logs and metrics to the environment's own Log Analytics
# workspace. Each target says what it has: a storage account has metrics only — its logs exist on
# blobServices/default and fileServices/default, and allLogs on the account is refused with a 400 — and a
# registry has logs only (Azure Monitor lists no platform metrics for Microsoft.MachineLearningServices/
# registries) (issue 9, finding 2).

resource "azurerm_monitor_diagnostic_setting" "this" {
  for_each                   = var.targets
  name                       = "diag-to-log-analytics"
  target_resource_id         = each.value.id
  log_analytics_workspace_id = var.log_analytics_id

  dynamic "enabled_log" {
    for_each = each.value.logs ? ["allLogs"] : []
    content {
      category_group = enabled_log.value
    }
  }

  dynamic "enabled_metric" {
    for_each = toset(each.value.metrics)
    content {
      category = enabled_metric.value
    }
  }
}
