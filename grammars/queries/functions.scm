; Function definitions and prototypes (any nesting of pointer declarators).
(function_definition
  declarator: (_) @declarator
  body: (compound_statement) @body) @function

(declaration
  declarator: [
    (function_declarator)
    (pointer_declarator declarator: (function_declarator))
    (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator)))
  ] @declarator) @prototype
