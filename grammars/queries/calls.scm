; Calls, including helpers (bpf_map_lookup_elem(&m, &k)) and macros used like calls.
(call_expression
  function: (_) @callee
  arguments: (argument_list) @arguments) @call
