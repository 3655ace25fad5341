; a.b and a->b
(field_expression
  argument: (_) @object
  field: (field_identifier) @field) @access
