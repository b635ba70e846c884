-- Retention deletes the oldest counted usage events: by when they were counted.
create index counted_usage_events_counted_at on counted_usage_events (counted_at);
