// Original file: /work/main/proto/tessera/v1/user.proto


export interface CreateUserRequest {
  'username'?: (string);
  'email'?: (string);
  'password'?: (string);
  'first_name'?: (string);
  'last_name'?: (string);
  'roles'?: (string)[];
}

export interface CreateUserRequest__Output {
  'username': (string);
  'email': (string);
  'password': (string);
  'first_name': (string);
  'last_name': (string);
  'roles': (string)[];
}
