// Package path parses the JSONPath dialect of AWS Step Functions into an AST.
//
// Step Functions evaluates paths with the Jayway JsonPath library (asl-semantics §4), extended with two roots of
// its own: "$$" for the context object (AWS "Context object") and "$name" for a variable (AWS "Passing data
// between states with variables"). Two grammars are exposed:
//
//   - [ParsePath] accepts a Path: InputPath, OutputPath, ".$" values of payload templates, the Choice Variable and
//     intrinsic function arguments. Everything Jayway accepts is allowed: wildcards, slices, unions, recursive
//     descent, filters and trailing functions such as length().
//   - [ParseReference] accepts a Reference Path: ResultPath, ItemsPath and the *Path fields that must name one
//     node. Only .name, ['name'] and [n] steps are allowed (states-language.net "Reference Paths").
//
// Every node of the AST carries the byte offsets of its source text, so a linter can underline the exact step,
// and an evaluator can walk [Path.Segments] without re-parsing.
//
// Where AWS's behaviour departs from current Jayway and has been observed, the parser follows AWS:
//
//   - a quoted name keeps its backslashes: AWS matched "$['Test\""Name"']" against the key Test\""Name" (conformance
//     scenarios/test_escape_sequence_parsing ESCAPE_SEQUENCES_JSONPATH), whereas Jayway ≥ 2.5 would unescape it;
//   - the script form "[(@.length-1)]" of the original JSONPath proposal is accepted: it is documented as the way to
//     reach the last element on Step Functions, where "[-1]" has been reported not to match.
//
// Constructs that parse but are likely mistakes are reported in [Path.Warnings] rather than as errors, so the
// definition stays loadable.
package path
