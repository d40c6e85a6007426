output "ids" {
  description = "Target key to diagnostic setting id."
  value       = { for key, setting in azurerm_monitor_diagnostic_setting.this : key => setting.id }
}
