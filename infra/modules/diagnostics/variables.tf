variable "log_analytics_id" {
  description = "The environment's Log Analytics workspace."
  type        = string
}

variable "targets" {
  description = "Static key to the target's id, whether it has resource logs (allLogs) and its metric categories."
  type = map(object({
    id      = string
    logs    = bool
    metrics = list(string)
  }))
  validation {
    condition     = alltrue([for t in values(var.targets) : t.logs || length(t.metrics) > 0])
    error_message = "Every diagnostic target needs logs or at least one metric category."
  }
}
