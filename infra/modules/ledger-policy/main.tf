# The audit ledger's container-level time-based retention (WORM) policy, computed once for the storage
# module (errata 12). Protected append writes are on: the ledger only creates new blobs (always allowed
# under WORM) and appends blocks to an append blob, and allowProtectedAppendWrites lets exactly those
# appends through while existing blocks stay immutable. allowProtectedAppendWritesAll (new blocks on block
# blobs too) stays off: the ledger never needs it and it is the wider permission.

locals {
  policy = {
    container_name                      = var.container_name
    immutability_period_in_days         = var.retention_days
    locked                              = var.locked
    protected_append_writes_enabled     = true
    protected_append_writes_all_enabled = false
  }
}
