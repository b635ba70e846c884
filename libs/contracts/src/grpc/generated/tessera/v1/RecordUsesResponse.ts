// Original file: /work/main/proto/tessera/v1/validation.proto


export interface RecordUsesResponse {
}

export interface RecordUsesResponse__Output {
}
