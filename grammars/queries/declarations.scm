; Declarations (variables, prototypes, maps). The model keeps the ones outside functions.
(declaration) @declaration
