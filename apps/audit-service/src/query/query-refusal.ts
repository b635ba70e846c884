/** A query the schema let through but that cannot be answered: refused as the schema's own refusals are (400). */
export function queryRefusal(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400, validation: [], validationContext: 'querystring' });
}
