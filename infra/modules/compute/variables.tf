variable "location" {
  description = "Azure region."
  type        = string
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}

variable "workspace_id" {
  description = "Workspace id."
  type        = string
}

variable "identity_id" {
  description = "The shared compute identity (<purpose>-mi-compute)."
  type        = string
}

variable "cluster_name" {
  description = "Compute cluster name."
  type        = string
}

variable "instance_name" {
  description = "Compute instance name."
  type        = string
}

variable "cluster_vm_size" {
  description = "Cluster VM size."
  type        = string
  default     = "Standard_DS3_v2"
}

variable "cluster_max_nodes" {
  description = "Cluster maximum node count (minimum is always zero)."
  type        = number
  default     = 4
  validation {
    condition     = var.cluster_max_nodes >= 1
    error_message = "cluster_max_nodes must be at least 1."
  }
}

variable "instance_vm_size" {
  description = "Compute instance VM size."
  type        = string
  default     = "Standard_DS3_v2"
}

variable "instance_owner_object_id" {
  description = "Object id of the person the compute instance is assigned to; null creates no compute instance."
  type        = string
  default     = null
}

variable "tenant_id" {
  description = "Tenant of the compute instance's owner."
  type        = string
}
