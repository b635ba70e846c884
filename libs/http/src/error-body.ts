import { Type } from 'typebox';

/** QFieldCloud's error shape, which every refusal and failure of every service answers with. */
export const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
