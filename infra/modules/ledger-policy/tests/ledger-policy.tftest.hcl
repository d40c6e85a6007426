# Offline tests of the ledger's WORM policy settings (no providers).

variables {
  purpose        = "prod"
  container_name = "airlock-ledger"
  retention_days = 3650
  locked         = true
}

run "prod_locked_with_protected_appends" {
  command = plan
  assert {
    condition     = output.locked && output.protected_append_writes_enabled && !output.protected_append_writes_all_enabled
    error_message = "prod: locked, protected appends to append blobs only"
  }
  assert {
    condition     = output.immutability_period_in_days == 3650 && output.container_name == "airlock-ledger"
    error_message = "retention and container flow through"
  }
}

run "prod_unlocked_is_refused" {
  command = plan
  variables {
    locked = false
  }
  expect_failures = [var.locked]
}

run "dev_may_be_unlocked" {
  command = plan
  variables {
    purpose        = "dev"
    locked         = false
    retention_days = 1
  }
  assert {
    condition     = !output.locked && output.protected_append_writes_enabled
    error_message = "dev may stay unlocked, still with protected appends"
  }
}

run "retention_must_be_positive" {
  command = plan
  variables {
    retention_days = 0
  }
  expect_failures = [var.retention_days]
}

run "retention_has_azures_ceiling" {
  command = plan
  variables {
    retention_days = 146001
  }
  expect_failures = [var.retention_days]
}

run "retention_whole_days" {
  command = plan
  variables {
    retention_days = 1.5
  }
  expect_failures = [var.retention_days]
}

run "container_name_checked" {
  command = plan
  variables {
    container_name = "Airlock_Ledger"
  }
  expect_failures = [var.container_name]
}
