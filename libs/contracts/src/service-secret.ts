/** Where a call between our services carries the shared service secret: gRPC metadata and HTTP alike (ADR 4). */
export const serviceSecretHeader = 'x-tessera-service-secret';
