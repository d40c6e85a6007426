variable "log_analytics_id" {
  description = "The environment's Log Analytics workspace."
  type        = string
}

variable "targets" {
  description = "Static key (workspace, registry, storage, key_vault, container_registry) to resource id."
  type        = map(string)
}
