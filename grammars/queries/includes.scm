; #include "local.h" / #include <system.h> / #include MACRO
(preproc_include
  path: [(string_literal) (system_lib_string) (identifier) (call_expression)] @path) @include
