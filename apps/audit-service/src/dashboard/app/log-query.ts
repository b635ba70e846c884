/** The audit log's filter fields as the page holds them: trimmed text, and local date-times from the pickers. */
export interface LogFilters {
  user_id: string;
  token_id: string;
  type: string;
  client_type: string;
  from: string;
  to: string;
}

/**
 * The search's query string: the filled fields, and the times as instants in UTC. Throws, with a message for the
 * form, a time the browser cannot read or a range that ends before it starts.
 */
export function logQuery(filters: LogFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of ['user_id', 'token_id', 'type', 'client_type'] as const) if (filters[name]) params.set(name, filters[name]);
  for (const name of ['from', 'to'] as const) {
    if (!filters[name]) continue;
    const date = new Date(filters[name]);
    if (Number.isNaN(date.getTime())) throw new Error(`${name} is not a date and time.`);
    params.set(name, date.toISOString());
  }
  const from = params.get('from');
  const to = params.get('to');
  if (from && to && from >= to) throw new Error('"From" must be before "To".');
  return params;
}
