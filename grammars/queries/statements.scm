; Statement-level nodes the analysis checks look up by position.
(return_statement) @return
(declaration) @declaration
(parameter_declaration) @parameter
(assignment_expression) @assignment
(if_statement) @if
