-- A delivery is leased only while it is pending: every change of status clears the lease.
-- Outcomes are then recorded by id, attempt and lease end alone, which the primary key
-- answers (DeliveryStore.delivered). Checked without blocking writes to a large table.
alter table webhook_deliveries
    add constraint webhook_deliveries_leased_pending check (leased_until is null or status = 'PENDING') not valid;
alter table webhook_deliveries validate constraint webhook_deliveries_leased_pending;
