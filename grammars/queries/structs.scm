; Type definitions: struct/union/enum with a body, and typedefs.
(struct_specifier
  name: (type_identifier)? @name
  body: (field_declaration_list) @body) @struct

(union_specifier
  name: (type_identifier)? @name
  body: (field_declaration_list) @body) @union

(enum_specifier
  name: (type_identifier)? @name
  body: (enumerator_list) @body) @enum

(type_definition
  type: (_) @type) @typedef
