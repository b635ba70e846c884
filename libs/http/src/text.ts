import { Type, type TStringOptions } from 'typebox';

/**
 * Text the token service stores or compares: it refuses any field holding NUL, another C0 control character but tab,
 * line feed and carriage return, or DEL. A gateway field bound for it says so, so a client learns the rule from the
 * document rather than from a refusal.
 */
export const Text = (options: TStringOptions = {}) => Type.String({ pattern: '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$', ...options });
