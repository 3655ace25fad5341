; #define NAME value / #define NAME(a, b) body
(preproc_def
  name: (identifier) @name
  value: (preproc_arg)? @value) @object_macro

(preproc_function_def
  name: (identifier) @name
  parameters: (preproc_params) @params
  value: (preproc_arg)? @value) @function_macro
