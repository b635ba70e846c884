import { Type } from 'typebox';

/** The query string of a route that reads none: an unknown parameter is refused, not ignored. */
export const NoQuery = Type.Object({}, { additionalProperties: false });
