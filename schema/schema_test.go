package schema

import (
	"encoding/json"
	"fmt"
	"github.com/sfnsim/sfnsim/internal/suggest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/xeipuuv/gojsonschema"
)

// decode reads JSON the way callers of Validate do.
func decode(tb testing.TB, s string) any {
	tb.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		tb.Fatalf("bad test JSON %s: %v", s, err)
	}
	return v
}

// machine wraps state definitions ("A": {...}, ...) in a minimal state machine.
func machine(states string) string {
	return `{"StartAt": "A", "States": {` + states + `}}`
}

// task is a valid Task state "A" with extra fields.
func task(extra string) string {
	if extra != "" {
		extra = ", " + extra
	}
	return machine(`"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true` + extra + `}`)
}

// distributedMap is a valid Distributed Map state "A" with extra fields.
func distributedMap(extra string) string {
	if extra != "" {
		extra = ", " + extra
	}
	return machine(`"A": {"Type": "Map", "End": true,
		"ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
			"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}` + extra + `}`)
}

func TestValidateAccepts(t *testing.T) {
	tests := []struct {
		name string
		doc  string
	}{
		{"minimal", machine(`"A": {"Type": "Succeed"}`)},
		{"top-level fields", `{"Comment": "c", "Version": "1.0", "TimeoutSeconds": 60, "QueryLanguage": "JSONata",
			"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}`},
		{"every state type", machine(`
			"A": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.r", "Next": "B"},
			"B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "C"},
			"C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "D"}], "Default": "E"},
			"D": {"Type": "Wait", "Seconds": 0, "Next": "E"},
			"E": {"Type": "Parallel", "Branches": [{"StartAt": "F", "States": {"F": {"Type": "Succeed"}}}], "Next": "G"},
			"G": {"Type": "Map", "ItemProcessor": {"StartAt": "H", "States": {"H": {"Type": "Pass", "End": true}}}, "Next": "I"},
			"I": {"Type": "Fail", "Error": "E", "Cause": "C"}`)},
		// The schema allows the union of both query languages' fields; lint decides which applies.
		{"JSONPath and JSONata fields together", task(`"InputPath": "$", "Parameters": {"a.$": "$.a"},
			"ResultSelector": {"b.$": "$.b"}, "ResultPath": null, "OutputPath": null, "Arguments": {"a": "{% 1 %}"},
			"Output": "{% $states.result %}", "Assign": {"v": 1}, "QueryLanguage": "JSONata"`)},
		{"Parameters may be any JSON value", machine(`"A": {"Type": "Pass", "Parameters": "literal", "End": true}`)},
		{"JSONata numbers", task(`"TimeoutSeconds": "{% $t %}", "HeartbeatSeconds": "{% 5 %}"`)},
		{"JSONata Arguments expression", task(`"Arguments": "{% $states.input %}"`)},
		{"timeouts", task(`"TimeoutSeconds": 300, "HeartbeatSeconds": 60`)},
		{"timeout paths", task(`"TimeoutSecondsPath": "$.t", "HeartbeatSecondsPath": "$.h"`)},
		{"credentials", task(`"Credentials": {"RoleArn": "arn:aws:iam::123456789012:role/r"}`)},
		{"credentials by path", task(`"Credentials": {"RoleArn.$": "$.role"}`)},
		{"placeholders in strings", task(`"Resource": "${LambdaArn}", "Comment": "${Comment}"`)},
		{"placeholder in an enum", task(`"Retry": [{"ErrorEquals": ["States.ALL"], "JitterStrategy": "${Jitter}"}]`)},
		{"full retrier", task(`"Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 0,
			"BackoffRate": 1.5, "MaxDelaySeconds": 31622400, "JitterStrategy": "FULL", "Comment": "c"}]`)},
		{"full catcher", task(`"Catch": [{"ErrorEquals": ["States.ALL"], "Next": "A", "ResultPath": "$.err",
			"Output": "{% $states.errorOutput %}", "Assign": {"e": 1}, "Comment": "c"}]`)},
		{"every Choice operator", machine(`"A": {"Type": "Choice", "Default": "A", "Choices": [{"Next": "A", "And": [
			{"Variable": "$.s", "StringEquals": "x"}, {"Variable": "$.s", "StringEqualsPath": "$.t"},
			{"Variable": "$.s", "StringLessThan": "x"}, {"Variable": "$.s", "StringLessThanPath": "$.t"},
			{"Variable": "$.s", "StringGreaterThan": "x"}, {"Variable": "$.s", "StringGreaterThanPath": "$.t"},
			{"Variable": "$.s", "StringLessThanEquals": "x"}, {"Variable": "$.s", "StringLessThanEqualsPath": "$.t"},
			{"Variable": "$.s", "StringGreaterThanEquals": "x"}, {"Variable": "$.s", "StringGreaterThanEqualsPath": "$.t"},
			{"Variable": "$.s", "StringMatches": "log-*.txt"},
			{"Variable": "$.n", "NumericEquals": 1}, {"Variable": "$.n", "NumericEqualsPath": "$.m"},
			{"Variable": "$.n", "NumericLessThan": 1.5}, {"Variable": "$.n", "NumericLessThanPath": "$.m"},
			{"Variable": "$.n", "NumericGreaterThan": -1}, {"Variable": "$.n", "NumericGreaterThanPath": "$.m"},
			{"Variable": "$.n", "NumericLessThanEquals": 0}, {"Variable": "$.n", "NumericLessThanEqualsPath": "$.m"},
			{"Variable": "$.n", "NumericGreaterThanEquals": 2}, {"Variable": "$.n", "NumericGreaterThanEqualsPath": "$.m"},
			{"Variable": "$.b", "BooleanEquals": true}, {"Variable": "$.b", "BooleanEqualsPath": "$.c"},
			{"Variable": "$.t", "TimestampEquals": "2016-03-14T01:59:00Z"}, {"Variable": "$.t", "TimestampEqualsPath": "$.u"},
			{"Variable": "$.t", "TimestampLessThan": "2016-03-14T01:59:00Z"}, {"Variable": "$.t", "TimestampLessThanPath": "$.u"},
			{"Variable": "$.t", "TimestampGreaterThan": "2016-03-14T01:59:00Z"}, {"Variable": "$.t", "TimestampGreaterThanPath": "$.u"},
			{"Variable": "$.t", "TimestampLessThanEquals": "2016-03-14T01:59:00Z"}, {"Variable": "$.t", "TimestampLessThanEqualsPath": "$.u"},
			{"Variable": "$.t", "TimestampGreaterThanEquals": "2016-03-14T01:59:00Z"}, {"Variable": "$.t", "TimestampGreaterThanEqualsPath": "$.u"},
			{"Variable": "$.x", "IsNull": false}, {"Variable": "$.x", "IsPresent": true}, {"Variable": "$.x", "IsNumeric": true},
			{"Variable": "$.x", "IsString": true}, {"Variable": "$.x", "IsBoolean": true}, {"Variable": "$.x", "IsTimestamp": true},
			{"Or": [{"Not": {"Variable": "$.x", "IsNull": true, "Comment": "nested"}}]}]}]}`)},
		{"JSONata Choice rule", machine(`"A": {"Type": "Choice", "QueryLanguage": "JSONata", "Choices": [{"Condition": "{% $x > 1 %}",
			"Next": "B", "Assign": {"y": 2}, "Output": {"z": 3}, "Comment": "c"}], "Default": "B", "Output": "{% 1 %}", "Assign": {}},
			"B": {"Type": "Succeed"}`)},
		{"Wait variants", machine(`"A": {"Type": "Wait", "Seconds": 99999999, "Next": "B"},
			"B": {"Type": "Wait", "Timestamp": "2016-03-14T01:59:00.123+02:00", "Next": "C"},
			"C": {"Type": "Wait", "Timestamp": "{% $until %}", "Next": "D"},
			"D": {"Type": "Wait", "SecondsPath": "$.s", "Next": "E"},
			"E": {"Type": "Wait", "TimestampPath": "$.t", "Next": "F"},
			"F": {"Type": "Wait", "Seconds": "{% $s %}", "Assign": {"a": 1}, "Output": {}, "End": true}`)},
		{"Fail paths", machine(`"A": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('{}', $.c)"}`)},
		{"Parallel branch with QueryLanguage", machine(`"A": {"Type": "Parallel", "End": true, "Arguments": {"x": 1},
			"Branches": [{"Comment": "c", "QueryLanguage": "JSONata", "StartAt": "B", "States": {"B": {"Type": "Succeed"}}}]}`)},
		{"deprecated Iterator with Distributed mode", machine(`"A": {"Type": "Map", "End": true, "Parameters": {"x.$": "$$.Map.Item.Value"},
			"Iterator": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
				"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}`)},
		{"every Distributed Map field", distributedMap(`
			"ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b", "Key": "k"},
				"ReaderConfig": {"InputType": "CSV", "Transformation": "NONE", "ManifestType": "ATHENA_DATA",
					"CSVHeaderLocation": "GIVEN", "CSVHeaders": ["a", "b"], "CSVDelimiter": "SEMICOLON",
					"ItemsPointer": "/items", "MaxItems": 100000000, "MaxItemsPath": "$.max"}},
			"ItemsPath": "$.items", "Items": [1, 2], "ItemSelector": {"v.$": "$$.Map.Item.Value"},
			"ItemBatcher": {"MaxItemsPerBatch": 10, "MaxItemsPerBatchPath": "$.n", "MaxInputBytesPerBatch": 262144,
				"MaxInputBytesPerBatchPath": "$.b", "BatchInput": {"k": "v"}},
			"MaxConcurrency": 0, "MaxConcurrencyPath": "$.c",
			"ToleratedFailurePercentage": 0.5, "ToleratedFailurePercentagePath": "$.p",
			"ToleratedFailureCount": 0, "ToleratedFailureCountPath": "$.f", "Label": "fanout",
			"ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix": "p/"},
				"WriterConfig": {"OutputType": "JSONL", "Transformation": "FLATTEN"}},
			"InputPath": "$", "ResultSelector": {}, "ResultPath": "$.r", "OutputPath": "$",
			"Assign": {}, "Retry": [{"ErrorEquals": ["States.ALL"]}], "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "A"}]`)},
		{"Distributed Map in JSONata", distributedMap(`"QueryLanguage": "JSONata",
			"ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Arguments": {"Bucket": "{% $b %}"},
				"ReaderConfig": {"InputType": "JSONL", "Transformation": "LOAD_AND_FLATTEN", "MaxItems": "{% $max %}"}},
			"Items": "{% $states.input.list %}", "ItemSelector": "{% $states.context.Map.Item.Value %}",
			"ItemBatcher": {"MaxItemsPerBatch": "{% 10 %}", "MaxInputBytesPerBatch": "{% 1024 %}", "BatchInput": "{% {} %}"},
			"MaxConcurrency": "{% 5 %}", "ToleratedFailurePercentage": "{% 5 %}", "ToleratedFailureCount": "{% 1 %}",
			"ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Arguments": "{% {'Bucket': 'b'} %}"},
			"Output": "{% $states.result %}"`)},
		{"Items as an object", distributedMap(`"Items": {"a": 1}`)},
		{"inventory manifest", distributedMap(`"ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
			"ReaderConfig": {"ManifestType": "S3_INVENTORY", "CSVDelimiter": "TAB"}}`)},
		{"Transformation COMPACT", distributedMap(`"ResultWriter": {"WriterConfig": {"OutputType": "JSON", "Transformation": "COMPACT"}}`)},
		{"state name of 80 characters", `{"StartAt": "A", "States": {"` + strings.Repeat("n", 80) + `": {"Type": "Succeed"}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Validate(decode(t, tt.doc)); len(got) != 0 {
				t.Errorf("want no violations, got:\n%s", list(got))
			}
		})
	}
}

func TestValidateRejects(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []Violation
	}{
		{"not an object", `[]`, []Violation{
			{"", "type", "", "state machine must be an object, not an array"},
		}},
		{"empty object", `{}`, []Violation{
			{"", "required", "StartAt", `state machine needs "StartAt"`},
			{"", "required", "States", `state machine needs "States"`},
		}},
		{"unknown top-level field", `{"StartAt": "A", "Versoin": "1.0", "States": {"A": {"Type": "Succeed"}}}`, []Violation{
			{"/Versoin", "additionalProperties", "Versoin", `unknown field "Versoin" in state machine; did you mean "Version"?`},
		}},
		{"top-level TimeoutSeconds is not JSONata", `{"StartAt": "A", "TimeoutSeconds": "{% 5 %}", "States": {"A": {"Type": "Succeed"}}}`, []Violation{
			{"/TimeoutSeconds", "type", "TimeoutSeconds", `"TimeoutSeconds" must be a positive integer, not "{% 5 %}"`},
		}},
		{"top-level QueryLanguage", `{"StartAt": "A", "QueryLanguage": "JSONATA", "States": {"A": {"Type": "Succeed"}}}`, []Violation{
			{"/QueryLanguage", "enum", "QueryLanguage", `"QueryLanguage" must be one of "JSONPath", "JSONata", not "JSONATA"`},
		}},
		{"state is not an object", machine(`"A": "Task"`), []Violation{
			{"/States/A", "type", "", `state "A" must be an object, not "Task"`},
		}},
		{"state without Type", machine(`"A": {"End": true}`), []Violation{
			{"/States/A", "required", "Type", `state needs "Type"`},
		}},
		{"unknown Type", machine(`"A": {"Type": "Taks", "Nxt": "B"}`), []Violation{
			{"/States/A/Type", "enum", "Type", `"Type" must be one of "Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map", not "Taks"`},
		}},
		{"Type is not a string", machine(`"A": {"Type": 1}`), []Violation{
			{"/States/A/Type", "enum", "Type", `"Type" must be one of "Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map", not 1`},
		}},
		{"Task without Resource", machine(`"A": {"Type": "Task", "End": true}`), []Violation{
			{"/States/A", "required", "Resource", `Task state needs "Resource"`},
		}},
		{"misspelt field", task(`"Nxt": "B"`), []Violation{
			{"/States/A/Nxt", "additionalProperties", "Nxt", `unknown field "Nxt" in Task state; did you mean "Next"?`},
		}},
		{"misspelt field, other case", task(`"resultPath": "$.x"`), []Violation{
			{"/States/A/resultPath", "additionalProperties", "resultPath", `unknown field "resultPath" in Task state; did you mean "ResultPath"?`},
		}},
		{"unknown field without a close name", task(`"Retries": 3, "Foo": 1`), []Violation{
			{"/States/A/Foo", "additionalProperties", "Foo", `unknown field "Foo" in Task state; remove it or correct its name`},
			{"/States/A/Retries", "additionalProperties", "Retries", `unknown field "Retries" in Task state; remove it or correct its name`},
		}},
		{"ASL field in the wrong state", machine(`"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "Next": "A"}],
			"Parameters": {}, "End": true}`), []Violation{
			{"/States/A/End", "additionalProperties", "End", `Choice state does not allow "End"; remove it`},
			{"/States/A/Parameters", "additionalProperties", "Parameters", `Choice state does not allow "Parameters"; remove it`},
		}},
		{"Fail has no I/O fields", machine(`"A": {"Type": "Fail", "OutputPath": "$"}`), []Violation{
			{"/States/A/OutputPath", "additionalProperties", "OutputPath", `Fail state does not allow "OutputPath"; remove it`},
		}},
		{"Succeed has no Assign", machine(`"A": {"Type": "Succeed", "Assign": {}}`), []Violation{
			{"/States/A/Assign", "additionalProperties", "Assign", `Succeed state does not allow "Assign"; remove it`},
		}},
		{"Next is not a string", task(`"Next": 1`), []Violation{
			{"/States/A/Next", "type", "Next", `"Next" must be a string, not 1`},
		}},
		{"End is not a boolean", machine(`"A": {"Type": "Pass", "End": "true"}`), []Violation{
			{"/States/A/End", "type", "End", `"End" must be a boolean, not "true"`},
		}},
		{"Resource is not a string", task(`"Resource": {"Fn::GetAtt": ["F", "Arn"]}`), []Violation{
			{"/States/A/Resource", "type", "Resource", `"Resource" must be a string, not an object`},
		}},
		{"TimeoutSeconds not an expression", task(`"TimeoutSeconds": "300"`), []Violation{
			{"/States/A/TimeoutSeconds", "pattern", "TimeoutSeconds", `"TimeoutSeconds" must be a positive integer or a JSONata expression "{% ... %}", not "300"`},
		}},
		{"JSONata expression with outer spaces", task(`"TimeoutSeconds": " {% 300 %}"`), []Violation{
			{"/States/A/TimeoutSeconds", "pattern", "TimeoutSeconds", `"TimeoutSeconds" must be a positive integer or a JSONata expression "{% ... %}", not " {% 300 %}"`},
		}},
		{"TimeoutSeconds zero", task(`"TimeoutSeconds": 0`), []Violation{
			{"/States/A/TimeoutSeconds", "minimum", "TimeoutSeconds", `"TimeoutSeconds" must be at least 1, not 0`},
		}},
		{"HeartbeatSeconds fractional", task(`"HeartbeatSeconds": 1.5`), []Violation{
			{"/States/A/HeartbeatSeconds", "type", "HeartbeatSeconds", `"HeartbeatSeconds" must be a positive integer or a JSONata expression "{% ... %}", not 1.5`},
		}},
		{"HeartbeatSeconds boolean", task(`"HeartbeatSeconds": true`), []Violation{
			{"/States/A/HeartbeatSeconds", "type", "HeartbeatSeconds", `"HeartbeatSeconds" must be a positive integer or a JSONata expression "{% ... %}", not true`},
		}},
		{"TimeoutSecondsPath is not a number", task(`"TimeoutSecondsPath": 5`), []Violation{
			{"/States/A/TimeoutSecondsPath", "type", "TimeoutSecondsPath", `"TimeoutSecondsPath" must be a string, not 5`},
		}},
		{"Credentials without RoleArn", task(`"Credentials": {"roleArn": "arn"}`), []Violation{
			{"/States/A/Credentials", "required", "RoleArn", `Credentials needs "RoleArn"`},
		}},
		{"Credentials null", task(`"Credentials": null`), []Violation{
			{"/States/A/Credentials", "type", "Credentials", `"Credentials" must be an object, not null`},
		}},
		{"retrier", task(`"Retry": [{"ErrorEquals": [], "IntervalSeconds": 0, "MaxAttempts": -1, "BackoffRate": 0.5,
			"MaxDelaySeconds": 31622401, "JitterStrategy": "full", "MaxAttempt": 3}]`), []Violation{
			{"/States/A/Retry/0/BackoffRate", "minimum", "BackoffRate", `"BackoffRate" must be at least 1, not 0.5`},
			{"/States/A/Retry/0/ErrorEquals", "minItems", "ErrorEquals", `"ErrorEquals" must not be empty`},
			{"/States/A/Retry/0/IntervalSeconds", "minimum", "IntervalSeconds", `"IntervalSeconds" must be at least 1, not 0`},
			{"/States/A/Retry/0/JitterStrategy", "enum", "JitterStrategy", `"JitterStrategy" must be one of "FULL", "NONE", not "full"`},
			{"/States/A/Retry/0/MaxAttempt", "additionalProperties", "MaxAttempt", `unknown field "MaxAttempt" in retrier; did you mean "MaxAttempts"?`},
			{"/States/A/Retry/0/MaxAttempts", "minimum", "MaxAttempts", `"MaxAttempts" must be at least 0, not -1`},
			{"/States/A/Retry/0/MaxDelaySeconds", "maximum", "MaxDelaySeconds", `"MaxDelaySeconds" must be at most 31622400, not 31622401`},
		}},
		{"retrier without ErrorEquals", task(`"Retry": [{"MaxAttempts": 1}]`), []Violation{
			{"/States/A/Retry/0", "required", "ErrorEquals", `retrier needs "ErrorEquals"`},
		}},
		{"Retry is not an array", task(`"Retry": {"ErrorEquals": ["States.ALL"]}`), []Violation{
			{"/States/A/Retry", "type", "Retry", `"Retry" must be an array, not an object`},
		}},
		{"catcher", task(`"Catch": [{"Error Equals": ["X"], "ResultPath": 1}, {"ErrorEquals": [true], "Next": "A"}]`), []Violation{
			{"/States/A/Catch/0", "required", "ErrorEquals", `catcher needs "ErrorEquals"`},
			{"/States/A/Catch/0", "required", "Next", `catcher needs "Next"`},
			{"/States/A/Catch/0/Error Equals", "additionalProperties", "Error Equals", `unknown field "Error Equals" in catcher; did you mean "ErrorEquals"?`},
			{"/States/A/Catch/0/ResultPath", "type", "ResultPath", `"ResultPath" must be a string or null, not 1`},
			{"/States/A/Catch/1/ErrorEquals/0", "type", "ErrorEquals", `each entry of "ErrorEquals" must be a string, not true`},
		}},
		{"Choice without Choices", machine(`"A": {"Type": "Choice", "Default": "A"}`), []Violation{
			{"/States/A", "required", "Choices", `Choice state needs "Choices"`},
		}},
		{"empty Choices", machine(`"A": {"Type": "Choice", "Choices": []}`), []Violation{
			{"/States/A/Choices", "minItems", "Choices", `"Choices" must not be empty`},
		}},
		{"Choice rules", machine(`"A": {"Type": "Choice", "Choices": [
			{"Variable": "$.x", "NumericEquals": "1", "End": true},
			{"Variable": "$.x", "IsNull": "yes", "Next": "A", "Condition": "$.x"},
			{"And": [], "Next": "A"},
			{"Not": {"Variable": "$.x", "BooleanEquals": true, "Next": "A"}, "Next": "A"},
			{"Or": [{"Variable": "$.x", "StringEqual": "a"}], "Next": "A"}]}`), []Violation{
			{"/States/A/Choices/0", "required", "Next", `Choice rule needs "Next"`},
			{"/States/A/Choices/0/End", "additionalProperties", "End", `Choice rule does not allow "End"; remove it`},
			{"/States/A/Choices/0/NumericEquals", "type", "NumericEquals", `"NumericEquals" must be a number, not "1"`},
			{"/States/A/Choices/1/Condition", "pattern", "Condition", `"Condition" must be a boolean or a JSONata expression "{% ... %}", not "$.x"`},
			{"/States/A/Choices/1/IsNull", "type", "IsNull", `"IsNull" must be a boolean, not "yes"`},
			{"/States/A/Choices/2/And", "minItems", "And", `"And" must not be empty`},
			{"/States/A/Choices/3/Not/Next", "additionalProperties", "Next", `nested Choice rule does not allow "Next"; only top-level Choice rules transition, so remove it`},
			{"/States/A/Choices/4/Or/0/StringEqual", "additionalProperties", "StringEqual", `unknown field "StringEqual" in nested Choice rule; did you mean "StringEquals"?`},
		}},
		{"nested rules have no JSONata fields", machine(`"A": {"Type": "Choice", "Choices": [
			{"Not": {"Condition": "{% true %}"}, "Next": "A"}]}`), []Violation{
			{"/States/A/Choices/0/Not/Condition", "additionalProperties", "Condition", `nested Choice rule does not allow "Condition"; remove it`},
		}},
		{"Wait", machine(`"A": {"Type": "Wait", "Seconds": -1, "Next": "B"},
			"B": {"Type": "Wait", "Seconds": 100000000, "Next": "C"},
			"C": {"Type": "Wait", "Timestamp": "2016-12-05T21:29:29", "Next": "D"},
			"D": {"Type": "Wait", "Timestamp": "2016-12-05 21:29:29Z", "Next": "E"},
			"E": {"Type": "Wait", "Seconds": "10", "End": true}`), []Violation{
			{"/States/A/Seconds", "minimum", "Seconds", `"Seconds" must be at least 0, not -1`},
			{"/States/B/Seconds", "maximum", "Seconds", `"Seconds" must be at most 99999999, not 100000000`},
			{"/States/C/Timestamp", "pattern", "Timestamp", `"Timestamp" must be an RFC 3339 timestamp such as "2016-03-14T01:59:00Z" or a JSONata expression "{% ... %}", not "2016-12-05T21:29:29"`},
			{"/States/D/Timestamp", "pattern", "Timestamp", `"Timestamp" must be an RFC 3339 timestamp such as "2016-03-14T01:59:00Z" or a JSONata expression "{% ... %}", not "2016-12-05 21:29:29Z"`},
			{"/States/E/Seconds", "pattern", "Seconds", `"Seconds" must be an integer from 0 to 99999999 or a JSONata expression "{% ... %}", not "10"`},
		}},
		{"Fail", machine(`"A": {"Type": "Fail", "Error": 1, "CausePath": ["$.c"]}`), []Violation{
			{"/States/A/CausePath", "type", "CausePath", `"CausePath" must be a string, not an array`},
			{"/States/A/Error", "type", "Error", `"Error" must be a string, not 1`},
		}},
		{"Parallel without Branches", machine(`"A": {"Type": "Parallel", "End": true}`), []Violation{
			{"/States/A", "required", "Branches", `Parallel state needs "Branches"`},
		}},
		{"empty Branches", machine(`"A": {"Type": "Parallel", "Branches": [], "End": true}`), []Violation{
			{"/States/A/Branches", "minItems", "Branches", `"Branches" must not be empty`},
		}},
		{"Parallel branches", machine(`"A": {"Type": "Parallel", "End": true, "Branches": [[], {"States": {}, "Start": "B"},
			{"StartAt": "C", "States": {"C": {"Type": "Pass", "Bad": 1}}}]}`), []Violation{
			{"/States/A/Branches/0", "type", "Branches", `each entry of "Branches" must be an object, not an array`},
			{"/States/A/Branches/1", "required", "StartAt", `Parallel branch needs "StartAt"`},
			{"/States/A/Branches/1/Start", "additionalProperties", "Start", `unknown field "Start" in Parallel branch; did you mean "StartAt"?`},
			{"/States/A/Branches/2/States/C/Bad", "additionalProperties", "Bad", `unknown field "Bad" in Pass state; remove it or correct its name`},
		}},
		{"Map processors", machine(`"A": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "P", "Statse": {}},
			"Iterator": {"ProcessorConfig": {"Mode": "inline", "ExecutionType": "EXPRES", "Concurrency": 1}, "States": {}}}`), []Violation{
			{"/States/A/ItemProcessor", "required", "States", `ItemProcessor needs "States"`},
			{"/States/A/ItemProcessor/Statse", "additionalProperties", "Statse", `unknown field "Statse" in ItemProcessor; did you mean "States"?`},
			{"/States/A/Iterator", "required", "StartAt", `Iterator needs "StartAt"`},
			{"/States/A/Iterator/ProcessorConfig/Concurrency", "additionalProperties", "Concurrency", `unknown field "Concurrency" in ProcessorConfig; remove it or correct its name`},
			{"/States/A/Iterator/ProcessorConfig/ExecutionType", "enum", "ExecutionType", `"ExecutionType" must be one of "STANDARD", "EXPRESS", not "EXPRES"`},
			{"/States/A/Iterator/ProcessorConfig/Mode", "enum", "Mode", `"Mode" must be one of "INLINE", "DISTRIBUTED", not "inline"`},
		}},
		{"Map numbers", distributedMap(`"MaxConcurrency": -1, "ToleratedFailurePercentage": 100.5,
			"ToleratedFailureCount": 1.5, "Items": 3, "ItemSelector": "$.x", "ItemsPath": null, "Label": 5`), []Violation{
			{"/States/A/ItemSelector", "pattern", "ItemSelector", `"ItemSelector" must be an object or a JSONata expression "{% ... %}", not "$.x"`},
			{"/States/A/Items", "type", "Items", `"Items" must be an array, an object or a JSONata expression "{% ... %}", not 3`},
			{"/States/A/ItemsPath", "type", "ItemsPath", `"ItemsPath" must be a string, not null`},
			{"/States/A/Label", "type", "Label", `"Label" must be a string, not 5`},
			{"/States/A/MaxConcurrency", "minimum", "MaxConcurrency", `"MaxConcurrency" must be at least 0, not -1`},
			{"/States/A/ToleratedFailureCount", "type", "ToleratedFailureCount", `"ToleratedFailureCount" must be a non-negative integer or a JSONata expression "{% ... %}", not 1.5`},
			{"/States/A/ToleratedFailurePercentage", "maximum", "ToleratedFailurePercentage", `"ToleratedFailurePercentage" must be at most 100, not 100.5`},
		}},
		{"ToleratedFailurePercentage not a number", distributedMap(`"ToleratedFailurePercentage": "5%"`), []Violation{
			{"/States/A/ToleratedFailurePercentage", "pattern", "ToleratedFailurePercentage", `"ToleratedFailurePercentage" must be a number from 0 to 100 or a JSONata expression "{% ... %}", not "5%"`},
		}},
		{"ItemReader", distributedMap(`"ItemReader": {"Paramters": {}, "ReaderConfig": {"InputType": "XML",
			"Transformation": "FLATTEN", "ManifestType": "INVENTORY", "CSVHeaderLocation": "first_row", "CSVHeaders": "a,b",
			"CSVDelimiter": ",", "ItemsPointer": 1, "MaxItems": 100000001, "MaxItemsPath": 1, "MaxItem": 1}}`), []Violation{
			{"/States/A/ItemReader", "required", "Resource", `ItemReader needs "Resource"`},
			{"/States/A/ItemReader/Paramters", "additionalProperties", "Paramters", `unknown field "Paramters" in ItemReader; did you mean "Parameters"?`},
			{"/States/A/ItemReader/ReaderConfig/CSVDelimiter", "enum", "CSVDelimiter", `"CSVDelimiter" must be one of "COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB", not ","`},
			{"/States/A/ItemReader/ReaderConfig/CSVHeaderLocation", "enum", "CSVHeaderLocation", `"CSVHeaderLocation" must be one of "FIRST_ROW", "GIVEN", not "first_row"`},
			{"/States/A/ItemReader/ReaderConfig/CSVHeaders", "type", "CSVHeaders", `"CSVHeaders" must be an array, not "a,b"`},
			{"/States/A/ItemReader/ReaderConfig/InputType", "enum", "InputType", `"InputType" must be one of "CSV", "JSON", "JSONL", "PARQUET", "MANIFEST", not "XML"`},
			{"/States/A/ItemReader/ReaderConfig/ItemsPointer", "type", "ItemsPointer", `"ItemsPointer" must be a string, not 1`},
			{"/States/A/ItemReader/ReaderConfig/ManifestType", "enum", "ManifestType", `"ManifestType" must be one of "ATHENA_DATA", "S3_INVENTORY", not "INVENTORY"`},
			{"/States/A/ItemReader/ReaderConfig/MaxItem", "additionalProperties", "MaxItem", `unknown field "MaxItem" in ReaderConfig; did you mean "MaxItems"?`},
			{"/States/A/ItemReader/ReaderConfig/MaxItems", "maximum", "MaxItems", `"MaxItems" must be at most 100000000, not 100000001`},
			{"/States/A/ItemReader/ReaderConfig/MaxItemsPath", "type", "MaxItemsPath", `"MaxItemsPath" must be a string, not 1`},
			{"/States/A/ItemReader/ReaderConfig/Transformation", "enum", "Transformation", `"Transformation" must be one of "NONE", "LOAD_AND_FLATTEN", not "FLATTEN"`},
		}},
		{"ItemBatcher", distributedMap(`"ItemBatcher": {"MaxItemsPerBatch": 0, "MaxInputBytesPerBatch": 262145,
			"MaxInputBytesPerBatchPath": 3, "BatchInput": "x", "MaxItemPerBatch": 1}`), []Violation{
			{"/States/A/ItemBatcher/BatchInput", "pattern", "BatchInput", `"BatchInput" must be an object or a JSONata expression "{% ... %}", not "x"`},
			{"/States/A/ItemBatcher/MaxInputBytesPerBatch", "maximum", "MaxInputBytesPerBatch", `"MaxInputBytesPerBatch" must be at most 262144, not 262145`},
			{"/States/A/ItemBatcher/MaxInputBytesPerBatchPath", "type", "MaxInputBytesPerBatchPath", `"MaxInputBytesPerBatchPath" must be a string, not 3`},
			{"/States/A/ItemBatcher/MaxItemPerBatch", "additionalProperties", "MaxItemPerBatch", `unknown field "MaxItemPerBatch" in ItemBatcher; did you mean "MaxItemsPerBatch"?`},
			{"/States/A/ItemBatcher/MaxItemsPerBatch", "minimum", "MaxItemsPerBatch", `"MaxItemsPerBatch" must be at least 1, not 0`},
		}},
		{"ResultWriter", distributedMap(`"ResultWriter": {"Resource": 1, "Parameters": "b",
			"WriterConfig": {"OutputType": "CSV", "Transformation": "NONE_", "Compression": "GZIP"}}`), []Violation{
			{"/States/A/ResultWriter/Parameters", "type", "Parameters", `"Parameters" must be an object, not "b"`},
			{"/States/A/ResultWriter/Resource", "type", "Resource", `"Resource" must be a string, not 1`},
			{"/States/A/ResultWriter/WriterConfig/Compression", "additionalProperties", "Compression", `unknown field "Compression" in WriterConfig; remove it or correct its name`},
			{"/States/A/ResultWriter/WriterConfig/OutputType", "enum", "OutputType", `"OutputType" must be one of "JSON", "JSONL", not "CSV"`},
			{"/States/A/ResultWriter/WriterConfig/Transformation", "enum", "Transformation", `"Transformation" must be one of "NONE", "COMPACT", "FLATTEN", not "NONE_"`},
		}},
		{"state name over 80 characters", `{"StartAt": "A", "States": {"` + strings.Repeat("n", 81) + `": {"Type": "Succeed"}}}`, []Violation{
			{"/States/" + strings.Repeat("n", 81), "maxLength", "", `state name "` + strings.Repeat("n", 57) + `..." is longer than 80 characters; shorten it`},
		}},
		{"pointers escape names", machine(`"a/b~c": {"Type": "Pass", "x.y": 1}`), []Violation{
			{"/States/a~1b~0c/x.y", "additionalProperties", "x.y", `unknown field "x.y" in Pass state; remove it or correct its name`},
		}},
		{"names holding the context separator", machine(`"a\u0000b": {"Type": "Pass", "Bad\u0000": 1}, "a": {"Type": "Pass", "Bad": 1}`), []Violation{
			{"/States/a\x00b/Bad\x00", "additionalProperties", "Bad\x00", `unknown field "Bad\x00" in Pass state; remove it or correct its name`},
			{"/States/a/Bad", "additionalProperties", "Bad", `unknown field "Bad" in Pass state; remove it or correct its name`},
		}},
		{"nested scopes", machine(`"A": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "M", "States": {
			"M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "T", "States": {
				"T": {"Type": "Task", "Resource": "r", "End": true, "Catch": [{"ErrorEquals": ["States.ALL"]}]}}}}}}]}`), []Violation{
			{"/States/A/Branches/0/States/M/ItemProcessor/States/T/Catch/0", "required", "Next", `catcher needs "Next"`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Validate(decode(t, tt.doc))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got:\n%s\nwant:\n%s", list(got), list(tt.want))
			}
		})
	}
}

func list(vs []Violation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "\t{%q, %q, %q, %q},\n", v.Pointer, v.Keyword, v.Field, v.Message)
	}
	return b.String()
}

// TestValidateOutputShape checks the promises of Validate on a definition with many problems: sorted,
// no duplicates, no aggregate keywords, messages in the diagnostic style.
func TestValidateOutputShape(t *testing.T) {
	doc := decode(t, machine(`
		"A": {"Type": "Task", "Nxt": "B", "TimeoutSeconds": 0, "Retry": [{"BackoffRate": 0}], "Catch": [{}]},
		"B": {"Type": "Map", "Items": 1, "ItemReader": {"ReaderConfig": {"InputType": "X"}}, "ItemProcessor": {}},
		"C": {"Type": "Choice", "Choices": [{"Not": {"Next": "A"}}]},
		"D": {"Type": "Parallel", "Branches": [{"StartAt": 1, "States": {"E": {"Type": "Wait", "Seconds": -1}}}]}`))
	got := Validate(doc)
	if len(got) < 10 {
		t.Fatalf("want many violations, got:\n%s", list(got))
	}
	sorted := slices.IsSortedFunc(got, func(a, b Violation) int {
		if c := strings.Compare(a.Pointer, b.Pointer); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
	if !sorted {
		t.Errorf("not sorted by pointer and message:\n%s", list(got))
	}
	for i, v := range got {
		if i > 0 && v == got[i-1] {
			t.Errorf("duplicate %v", v)
		}
		switch v.Keyword {
		case "allOf", "anyOf", "oneOf", "then", "else", "contains", "propertyNames":
			t.Errorf("aggregate violation left in: %v", v)
		}
		if v.Message == "" || strings.HasSuffix(v.Message, ".") || strings.ToLower(v.Message[:1]) != v.Message[:1] && !strings.HasPrefix(v.Message, `"`) && !startsWithName(v.Message) {
			t.Errorf("message %q: want a lower-case start (or a quoted or proper name) and no trailing period", v.Message)
		}
	}
}

// startsWithName allows messages that open with an ASL name such as "Task state" or "ItemReader".
func startsWithName(msg string) bool {
	for _, l := range []string{"Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map", "Credentials",
		"ItemProcessor", "Iterator", "ItemReader", "ReaderConfig", "ItemBatcher", "ResultWriter", "WriterConfig",
		"ProcessorConfig"} {
		if strings.HasPrefix(msg, l+" ") {
			return true
		}
	}
	return false
}

func TestValidateGoValues(t *testing.T) {
	// Decoded without UseNumber: numbers are float64 and go through a JSON round trip.
	var doc any
	if err := json.Unmarshal([]byte(task(`"Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 0.5}]`)), &doc); err != nil {
		t.Fatal(err)
	}
	want := []Violation{{"/States/A/Retry/0/BackoffRate", "minimum", "BackoffRate", `"BackoffRate" must be at least 1, not 0.5`}}
	if got := Validate(doc); !slices.Equal(got, want) {
		t.Errorf("float64 input: got:\n%s\nwant:\n%s", list(got), list(want))
	}

	// A struct is marshalled first.
	type state struct {
		Type string
		End  bool
	}
	type sm struct {
		StartAt string
		States  map[string]state
	}
	if got := Validate(sm{StartAt: "A", States: map[string]state{"A": {Type: "Pass", End: true}}}); len(got) != 0 {
		t.Errorf("struct input: want no violations, got:\n%s", list(got))
	}

	// A value that is not JSON is reported, not panicked on.
	got := Validate(map[string]any{"StartAt": json.Number("not a number")})
	if len(got) != 1 || !strings.HasPrefix(got[0].Message, "definition cannot be read as JSON") {
		t.Errorf("invalid json.Number: got:\n%s", list(got))
	}
}

func TestValidateHugeNumbers(t *testing.T) {
	tests := []struct {
		doc  string
		want []Violation
	}{
		{task(`"TimeoutSeconds": 1e99999999`), nil},
		{task(`"Retry": [{"ErrorEquals": ["E"], "MaxAttempts": 1e99999999}]`), []Violation{
			{"/States/A/Retry/0/MaxAttempts", "maximum", "MaxAttempts", `"MaxAttempts" must be at most 99999999, not 1e99999999`},
		}},
		{task(`"Retry": [{"ErrorEquals": ["E"], "BackoffRate": -1e-99999999}]`), []Violation{
			{"/States/A/Retry/0/BackoffRate", "minimum", "BackoffRate", `"BackoffRate" must be at least 1, not -1e-99999999`},
		}},
		// enum compares through a float64 round trip, which fails beyond 1.8e308.
		{machine(`"A": {"Type": 10e700}`), []Violation{
			{"/States/A/Type", "enum", "Type", `"Type" must be one of "Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map", not 10e700`},
		}},
		{machine(`"A": {"Type": 1.` + strings.Repeat("0", 1000000) + `1}`), []Violation{
			{"/States/A/Type", "enum", "Type", `"Type" must be one of "Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map", not 1.0000000000000000000000000000000000000000000000000000000...`},
		}},
		{task(`"HeartbeatSeconds": 0e99999999`), []Violation{
			{"/States/A/HeartbeatSeconds", "minimum", "HeartbeatSeconds", `"HeartbeatSeconds" must be at least 1, not 0e99999999`},
		}},
	}
	for _, tt := range tests {
		if got := Validate(decode(t, tt.doc)); !slices.Equal(got, tt.want) {
			t.Errorf("%s\ngot:\n%s\nwant:\n%s", tt.doc, list(got), list(tt.want))
		}
	}
}

func TestValidateConcurrent(t *testing.T) {
	doc := decode(t, task(`"Nxt": "B", "TimeoutSeconds": 0`))
	want := Validate(doc)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if got := Validate(doc); !slices.Equal(got, want) {
					t.Errorf("concurrent result differs:\n%s", list(got))
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestSourceIsDraft07(t *testing.T) {
	var head struct {
		Schema string `json:"$schema"`
	}
	if err := json.Unmarshal(Source, &head); err != nil {
		t.Fatal(err)
	}
	if head.Schema != "http://json-schema.org/draft-07/schema#" {
		t.Errorf("$schema = %q, want draft-07", head.Schema)
	}
	sl := gojsonschema.NewSchemaLoader()
	sl.Draft = gojsonschema.Draft7
	sl.AutoDetect = false
	sl.Validate = true // check Source against the draft-07 meta-schema
	if _, err := sl.Compile(gojsonschema.NewBytesLoader(Source)); err != nil {
		t.Fatalf("asl.schema.json is not a valid draft-07 schema: %v", err)
	}
}

// TestSchemaDocumented keeps hover help complete: every definition has a title or description, and
// every field has a description or refers to a definition that has one.
func TestSchemaDocumented(t *testing.T) {
	ix := mustLoad().index
	documented := func(m map[string]any) bool {
		return m["title"] != nil || m["description"] != nil
	}
	for name, d := range ix.defs {
		if !documented(d) {
			t.Errorf("definition %q has neither title nor description", name)
		}
	}
	var walk func(where string, v any)
	walk = func(where string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if props, ok := v["properties"].(map[string]any); ok {
				for field, p := range props {
					pm, _ := p.(map[string]any)
					if pm == nil || where == "if" {
						continue
					}
					if !documented(pm) && !documented(ix.resolve(pm, "").m) {
						t.Errorf("field %q in %s has no description", field, where)
					}
				}
			}
			for k, e := range v {
				if k == "if" {
					walk("if", e)
					continue
				}
				walk(where, e)
			}
		case []any:
			for _, e := range v {
				walk(where, e)
			}
		}
	}
	walk("root", ix.root)
	for name, d := range ix.defs {
		walk(name, d)
	}
}

// TestPatternsHaveWords checks that every pattern a value can fail has wording in patternWords.
// Patterns inside "if" only select a branch and those inside "anyOf" only admit ${...} placeholders
// next to an enum, whose error is reported instead.
func TestPatternsHaveWords(t *testing.T) {
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if p, ok := v["pattern"].(string); ok {
				if _, ok := patternWords[p]; !ok {
					t.Errorf("pattern %q has no entry in patternWords", p)
				}
			}
			for k, e := range v {
				if k != "if" && k != "anyOf" {
					walk(e)
				}
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(mustLoad().index.root)
}

// TestClosedObjectsHaveLabels checks that every object that rejects unknown fields can be named in
// messages, and that the definitions the Go code refers to exist.
func TestClosedObjectsHaveLabels(t *testing.T) {
	ix := mustLoad().index
	for name, d := range ix.defs {
		if d["additionalProperties"] == false {
			if label := (node{m: d, def: name}).label(""); label == "object" || label == "" {
				t.Errorf("definition %q has no label", name)
			}
		}
	}
	for def := range labels {
		if def != "#" && ix.defs[def] == nil {
			t.Errorf("labels names definition %q, which the schema does not have", def)
		}
	}
	if ix.defs["itemProcessor"] == nil || ix.defs["states"] == nil || ix.defs["nestedChoiceRule"] == nil {
		t.Error("definitions itemProcessor, states and nestedChoiceRule are referred to by name in the Go code")
	}
}

func TestSuggest(t *testing.T) {
	fields := []string{"Next", "End", "Resource", "ResultPath", "ResultSelector", "ErrorEquals", "InputPath"}
	tests := map[string]string{
		"Nxt":            "Next",
		"next":           "Next",
		"Resouce":        "Resource",
		"ResultSelecter": "ResultSelector",
		"Error Equals":   "ErrorEquals",
		"bugInputPath":   "InputPath",
		"Foo":            "",
		"Ed":             "End",
		"X":              "",
	}
	for name, want := range tests {
		if got := suggest.Closest(name, fields); got != want {
			t.Errorf("suggest(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestBoundNumber(t *testing.T) {
	many := strings.Repeat("1", 500)
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"0", "0", true},
		{"-12.5", "-12.5", true},
		{"1e5", "1e5", true},
		{"1E+300", "1E+300", true},
		{"2.5e-3", "2.5e-3", true},
		{"10e300", "1e300", true},
		{"-99e299", "-99e299", true},
		{"-99e300", "-1e300", true},
		{"1e-301", "1e-300", true},
		{"-0.001e-298", "-1e-300", true},
		{"0e99999999999999999999", "0", true},
		{"-0.0e-5", "-0.0e-5", true},
		{"1" + strings.Repeat("0", 301), "1e300", true},
		{many, "1e300", true},
		{"1." + many, "1.1111111111111111111111111111111111111111", true},
		{"0.000" + many, "0.0001111111111111111111111111111111111111111", true},
		{"5" + strings.Repeat("0", 400) + "e-400", "5", true},
		{"5." + strings.Repeat("0", 400) + "1", "5." + strings.Repeat("0", 300) + "1", true},
		{"5." + strings.Repeat("0", 350) + "1", "5." + strings.Repeat("0", 350) + "1", true},
		{"", "", false}, {"-", "", false}, {"01", "", false}, {"1.", "", false}, {".5", "", false},
		{"1e", "", false}, {"1 ", "", false}, {`"1"`, "", false}, {"true", "", false}, {"0x10", "", false},
	}
	for _, tt := range tests {
		got, ok := boundNumber(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("boundNumber(%.40q) = %.60q, %v; want %.60q", tt.in, got, ok, tt.want)
		}
	}
}

// TestAggregates checks the rule for errors that only say a sub-schema failed: dropped when a more
// precise error is reported at or below them, kept otherwise.
func TestAggregates(t *testing.T) {
	c := mustLoad()
	doc := decode(t, task(`"Retry": [{"ErrorEquals": ["E"]}]`))
	root := gojsonschema.NewJsonContext("(root)", nil)
	states := gojsonschema.NewJsonContext("States", root)
	a := gojsonschema.NewJsonContext("A", states)
	retry0 := gojsonschema.NewJsonContext("0", gojsonschema.NewJsonContext("Retry", a))
	mk := func(e gojsonschema.ResultError, typ string, ctx *gojsonschema.JsonContext, details gojsonschema.ErrorDetails) gojsonschema.ResultError {
		e.SetType(typ)
		e.SetContext(ctx)
		e.SetDetails(details)
		return e
	}
	then := mk(&gojsonschema.ConditionThenError{}, "condition_then", a, gojsonschema.ErrorDetails{})
	anyOf := mk(&gojsonschema.NumberAnyOfError{}, "number_any_of", retry0, gojsonschema.ErrorDetails{})
	required := mk(&gojsonschema.RequiredError{}, "required", retry0, gojsonschema.ErrorDetails{"property": "X"})

	got := c.translate(doc, doc, []gojsonschema.ResultError{then, anyOf})
	want := []Violation{
		{"/States/A", "then", "", `state "A" does not match the schema`},
		{"/States/A/Retry/0", "anyOf", "", `each entry of "Retry" does not match the schema`},
	}
	if !slices.Equal(got, want) {
		t.Errorf("aggregates alone: got:\n%s\nwant:\n%s", list(got), list(want))
	}
	got = c.translate(doc, doc, []gojsonschema.ResultError{then, anyOf, required})
	want = []Violation{{"/States/A/Retry/0", "required", "X", `retrier needs "X"`}}
	if !slices.Equal(got, want) {
		t.Errorf("aggregates with a precise error: got:\n%s\nwant:\n%s", list(got), list(want))
	}
}

func TestValidateManyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"StartAt": "S0", "States": {`)
	const n = 5000
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"S%d": {"Type": "Task", "Nxt": "x"}`, i)
	}
	b.WriteString("}}")
	got := Validate(decode(t, b.String()))
	if len(got) != 2*n {
		t.Errorf("got %d violations, want %d", len(got), 2*n)
	}
}
