// Package choice evaluates the JSONPath Choice rules of Step Functions (asl-semantics §8).
//
// A rule is compiled once per definition with [Compile] (or a whole "Choices" array with [CompileChoices]), which
// rejects malformed rules, and then evaluated against each state input with [Rule.Eval]; [Select] picks the first
// top-level rule that matches.
//
// The semantics follow AWS where they have been observed or documented:
//
//   - a type mismatch makes a comparison false, never an error (NumericEquals of "", [], {} or null is false;
//     BooleanEquals of 0, 1 or "" is false);
//   - numbers compare by value, exactly: 0 equals 0.0 and integers above 2^53 are not rounded;
//   - strings compare exactly and are ordered like Java's String.compareTo, by UTF-16 code units;
//   - StringMatches knows one wildcard, "*"; "\*" is a literal star and "\\" a literal backslash;
//   - timestamps are RFC 3339 with an uppercase "T" and "Z" or a numeric offset, compared as instants; any other
//     string under a Timestamp operator makes it false;
//   - IsPresent is false for a missing path and true for null; every other operator fails with States.Runtime
//     when its Variable (or the …Path operand) selects nothing.
//
// JSONata Choice rules ("Condition") are not handled here.
package choice
