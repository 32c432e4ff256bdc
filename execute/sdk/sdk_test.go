package sdk

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/execute/s3store"
	"github.com/sfnsim/sfnsim/execute/task"
)

func decode(t *testing.T, s string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("bad test JSON %s: %v", s, err)
	}
	return v
}

// step is one call and what it must give: either output fields (compared
// as compact JSON; fields not listed are not checked) or an error whose
// cause matches a regular expression.
type step struct {
	resource, input string
	want            map[string]string
	wantErr, cause  string
}

func run(t *testing.T, h *Handler, steps []step) {
	t.Helper()
	for i, s := range steps {
		out, serr := h.Call(context.Background(), &task.Call{State: "S", Resource: s.resource, Input: decode(t, s.input)})
		if s.wantErr != "" {
			if serr == nil {
				t.Fatalf("step %d %s: got %s, want error %s", i, s.resource, compactJSON(out), s.wantErr)
			}
			if serr.Name != s.wantErr || !regexp.MustCompile(s.cause).MatchString(serr.Cause) {
				t.Fatalf("step %d %s: got %s / %q, want %s / %q", i, s.resource, serr.Name, serr.Cause, s.wantErr, s.cause)
			}
			continue
		}
		if serr != nil {
			t.Fatalf("step %d %s: %v", i, s.resource, serr)
		}
		m, ok := out.(map[string]any)
		if !ok {
			t.Fatalf("step %d: output %T, want an object", i, out)
		}
		for k, want := range s.want {
			if got := compactJSON(m[k]); got != want {
				t.Errorf("step %d %s: %s = %s, want %s", i, s.resource, k, got, want)
			}
		}
		if s.want == nil && len(m) != 0 {
			t.Errorf("step %d %s: got %s, want {}", i, s.resource, compactJSON(out))
		}
	}
}

// s3Cases hold for S3 and for a bucket served from a folder alike.
var s3Cases = []struct {
	name  string
	steps []step
}{
	{"string body round trip", []step{
		{resource: "arn:aws:states:::aws-sdk:s3:putObject", input: `{"Bucket":"b","Key":"k","Body":"text data"}`,
			want: map[string]string{"ETag": `"\"2b5df3712557f503a9977a8ea893b2c9\""`}},
		{resource: "arn:aws:states:::aws-sdk:s3:getObject", input: `{"Bucket":"b","Key":"k"}`,
			want: map[string]string{"Body": `"\"text data\""`, "ContentLength": "11", "ETag": `"\"2b5df3712557f503a9977a8ea893b2c9\""`}},
	}},
	{"JSON body is stored as compact text", []step{
		{resource: "arn:aws:states:::aws-sdk:s3:putObject", input: `{"Bucket":"b","Key":"d","Body":{"Dict": "Value"}}`,
			want: map[string]string{"ETag": `"\"49e31cee5aec8faf3345893addb14346\""`}},
		{resource: "arn:aws-cn:states:::aws-sdk:s3:getObject", input: `{"Bucket":"b","Key":"d"}`,
			want: map[string]string{"Body": `"{\"Dict\":\"Value\"}"`}},
		{resource: "arn:aws:states:::aws-sdk:s3:putObject", input: `{"Bucket":"b","Key":"f","Body":false}`,
			want: map[string]string{"ETag": `"\"68934a3e9455fa72420237eb05902327\""`}},
	}},
	{"missing key", []step{
		{resource: "arn:aws:states:::aws-sdk:s3:getObject", input: `{"Bucket":"b","Key":"no_such_key.json"}`,
			wantErr: "S3.NoSuchKeyException", cause: `^(The specified key does not exist\. )?\(Service: S3, Status Code: 404, Request ID: [^,]*, Extended Request ID: [^)]*\)$`},
	}},
	{"missing bucket", []step{
		{resource: "arn:aws:states:::aws-sdk:s3:getObject", input: `{"Bucket":"nope","Key":"k"}`,
			wantErr: "S3.NoSuchBucketException", cause: `\(Service: S3, Status Code: 404, `},
	}},
	{"bad parameters", []step{
		{resource: "arn:aws:states:::aws-sdk:s3:getObject", input: `{"Bucket":"b","Key":1}`,
			wantErr: asl.ErrRuntime, cause: `^The Parameters '\{"Bucket":"b","Key":1\}' could not be used to start the Task: \[the field 'Key' must be a string, not a number\]$`},
		{resource: "arn:aws:states:::aws-sdk:s3:getObject", input: `{"Bucket":"b","Key":"k","Bukcet":"x"}`,
			wantErr: asl.ErrRuntime, cause: `the field 'Bukcet' is not supported for s3:getObject by sfnsim; remove it, or use one of Bucket, `},
		{resource: "arn:aws:states:::aws-sdk:s3:putObject", input: `{"Key":"k","Body":"x"}`,
			wantErr: asl.ErrRuntime, cause: `\[the field 'Bucket' is required; add it to the Parameters \(or Arguments\)\]$`},
		{resource: "arn:aws:states:::aws-sdk:s3:getObject", input: `["b"]`,
			wantErr: asl.ErrRuntime, cause: `must be a JSON object of request fields, not an array`},
	}},
}

func TestS3(t *testing.T) {
	h := New(Clients{S3: newFakeS3(t)})
	for _, tt := range s3Cases {
		t.Run(tt.name, func(t *testing.T) { run(t, h, tt.steps) })
	}
}

// A bucket mapped to a folder (--s3-dir) answers Task states as S3 does,
// and nothing reaches S3 for it.
func TestS3Folders(t *testing.T) {
	dir := t.TempDir()
	router, err := s3store.NewRouter(nil, map[string]string{"b": dir})
	if err != nil {
		t.Fatal(err)
	}
	fake := newFakeS3(t) // serves "nope" only as a missing bucket
	h := New(Clients{S3: fake, Folders: router})
	for _, tt := range s3Cases {
		t.Run(tt.name, func(t *testing.T) { run(t, h, tt.steps) })
	}
	if text, err := os.ReadFile(filepath.Join(dir, "d")); err != nil || string(text) != `{"Dict":"Value"}` {
		t.Errorf("the folder holds %q (%v)", text, err)
	}
	run(t, New(Clients{Folders: router}), []step{
		{resource: "arn:aws:states:::aws-sdk:s3:getObject", input: `{"Bucket":"b","Key":"k","Range":"bytes=0-1"}`,
			wantErr: asl.ErrRuntime, cause: `is a local folder \(--s3-dir\), which serves whole objects only`},
		{resource: "arn:aws:states:::aws-sdk:s3:getObject", input: `{"Bucket":"b","Key":"../x"}`,
			wantErr: "S3.S3Exception", cause: `cannot have ".." segments`},
		{resource: "arn:aws:states:::aws-sdk:s3:getObject", input: `{"Bucket":"other","Key":"k"}`,
			wantErr: asl.ErrRuntime, cause: `no S3 client`},
	})
}

func TestDynamoDB(t *testing.T) {
	h := New(Clients{DynamoDB: newFakeDynamo(t)})
	const sdkPut, optPut = "arn:aws:states:::aws-sdk:dynamodb:putItem", "arn:aws:states:::dynamodb:putItem"
	tests := []struct {
		name  string
		steps []step
	}{
		{"aws-sdk put get update", []step{
			{resource: sdkPut, input: `{"TableName":"t","Item":{"pk":{"S":"a"},"n":{"N":"1"},"m":{"M":{"l":{"L":[{"BOOL":true},{"NULL":true}]}}}}}`},
			{resource: "arn:aws:states:::aws-sdk:dynamodb:getItem", input: `{"TableName":"t","Key":{"pk":{"S":"a"}}}`,
				want: map[string]string{"Item": `{"m":{"M":{"l":{"L":[{"BOOL":true},{"NULL":true}]}}},"n":{"N":"1"},"pk":{"S":"a"}}`}},
			{resource: "arn:aws:states:::aws-sdk:dynamodb:updateItem", input: `{"TableName":"t","Key":{"pk":{"S":"a"}},"UpdateExpression":"set S=:r","ExpressionAttributeValues":{":r":{"S":"HelloWorldUpdated"}},"ReturnValues":"UPDATED_NEW"}`,
				want: map[string]string{"Attributes": `{"S":{"S":"HelloWorldUpdated"}}`}},
			{resource: "arn:aws:states:::aws-sdk:dynamodb:getItem", input: `{"TableName":"t","Key":{"pk":{"S":"zz"}}}`},
		}},
		{"optimized adds HTTP metadata", []step{
			{resource: optPut, input: `{"TableName":"t","Item":{"pk":{"S":"b"}}}`,
				want: map[string]string{"SdkResponseMetadata": `{"RequestId":"req-1"}`, "Attributes": "null"}},
			{resource: "arn:aws:states:::dynamodb:getItem", input: `{"TableName":"t","Key":{"pk":{"S":"b"}}}`,
				want: map[string]string{"Item": `{"pk":{"S":"b"}}`, "SdkResponseMetadata": `{"RequestId":"req-1"}`}},
			{resource: "arn:aws:states:::dynamodb:updateItem", input: `{"TableName":"t","Key":{"pk":{"S":"b"}},"UpdateExpression":"set x=:v","ExpressionAttributeValues":{":v":{"N":2}},"ReturnValues":"UPDATED_NEW"}`,
				want: map[string]string{"Attributes": `{"x":{"N":"2"}}`}},
		}},
		{"errors as recorded on AWS", []step{
			{resource: sdkPut, input: `{"TableName":"missing","Item":{"pk":{"S":"a"}}}`,
				wantErr: "DynamoDb.ResourceNotFoundException", cause: `^Requested resource not found \(Service: DynamoDb, Status Code: 400, Request ID: req-1\)$`},
			{resource: optPut, input: `{"TableName":"missing","Item":{"pk":{"S":"a"}}}`,
				wantErr: "DynamoDB.ResourceNotFoundException", cause: `^Requested resource not found \(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ResourceNotFoundException; Request ID: req-1; Proxy: null\)$`},
			{resource: sdkPut, input: `{"TableName":"t","Item":null}`,
				wantErr: "DynamoDb.DynamoDbException", cause: `^1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null \(Service: DynamoDb, Status Code: 400, Request ID: req-1\)$`},
			{resource: optPut, input: `{"TableName":"t","Item":null}`,
				wantErr: "DynamoDB.AmazonDynamoDBException", cause: `; Error Code: ValidationException; Request ID: req-1; Proxy: null\)$`},
			{resource: sdkPut, input: `{"TableName":"t","Item":{"pk":{"S":"c"}},"ConditionExpression":"attribute_not_exists(pk)"}`},
			{resource: sdkPut, input: `{"TableName":"t","Item":{"pk":{"S":"c"}},"ConditionExpression":"attribute_not_exists(pk)"}`,
				wantErr: "DynamoDb.ConditionalCheckFailedException", cause: `^The conditional request failed \(Service: DynamoDb`},
			{resource: optPut, input: `{"TableName":"t","Item":{"pk":{"S":"c"}},"ConditionExpression":"attribute_not_exists(pk)"}`,
				wantErr: "DynamoDB.ConditionalCheckFailedException", cause: `Error Code: ConditionalCheckFailedException;`},
			{resource: sdkPut, input: `{"TableName":"t","Item":{"pk":"a"}}`,
				wantErr: asl.ErrRuntime, cause: `\[Item\.pk must be an AttributeValue: an object with exactly one of S, N`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { run(t, h, tt.steps) })
	}
}

func TestSQS(t *testing.T) {
	c, queue, sent := newFakeSQS(t)
	h := New(Clients{SQS: c})
	in := func(body string) string { return `{"QueueUrl":"` + queue + `","MessageBody":` + body + `}` }
	run(t, h, []step{
		{resource: "arn:aws:states:::sqs:sendMessage", input: in(`"hello"`),
			want: map[string]string{"MessageId": `"m-1"`, "MD5OfMessageBody": `"5d41402abc4b2a76b9719d911017c592"`, "SdkResponseMetadata": `{"RequestId":"req-1"}`}},
		{resource: "arn:aws:states:::sqs:sendMessage", input: in(`{"a":[1,"<b>"]}`), want: map[string]string{"MessageId": `"m-1"`}},
		{resource: "arn:aws:states:::aws-sdk:sqs:sendMessage", input: in(`"x"`), want: map[string]string{"MessageId": `"m-1"`, "SdkHttpMetadata": "null"}},
		{resource: "arn:aws:states:::aws-sdk:sqs:sendMessage", input: in(`{"a":1}`),
			wantErr: asl.ErrRuntime, cause: `the field 'MessageBody' must be a string, not an object`},
		{resource: "arn:aws:states:::sqs:sendMessage", input: in(`null`),
			wantErr: "SQS.AmazonSQSException", cause: `^The request must contain the parameter MessageBody\. \(Service: AmazonSQS; Status Code: 400; Error Code: MissingParameter; Request ID: req-1; Proxy: null\)$`},
		{resource: "arn:aws:states:::sqs:sendMessage", input: `{"QueueUrl":"` + queue + `x","MessageBody":"m"}`,
			wantErr: "SQS.QueueDoesNotExistException", cause: `^The specified queue does not exist\. \(Service: AmazonSQS; Status Code: 400; Error Code: AWS\.SimpleQueueService\.NonExistentQueue;`},
		{resource: "arn:aws:states:::aws-sdk:sqs:sendMessage", input: `{"QueueUrl":"` + queue + `x","MessageBody":"m"}`,
			wantErr: "Sqs.QueueDoesNotExistException", cause: `^The specified queue does not exist\. \(Service: Sqs, Status Code: 400, Request ID: req-1\)$`},
	})
	if len(*sent) != 3 || (*sent)[1]["MessageBody"] != `{"a":[1,"<b>"]}` {
		t.Errorf("sent %v; want 3 messages, the second the compact JSON text", *sent)
	}
}

func TestSNS(t *testing.T) {
	c, messages := newFakeSNS(t)
	h := New(Clients{SNS: c})
	run(t, h, []step{
		{resource: "arn:aws:states:::sns:publish", input: `{"TopicArn":"` + fakeTopic + `","Message":{"Message":"HelloWorld!"}}`,
			want: map[string]string{"MessageId": `"m-2"`, "SdkResponseMetadata": `{"RequestId":"req-1"}`}},
		{resource: "arn:aws:states:::aws-sdk:sns:publish", input: `{"TopicArn":"` + fakeTopic + `","Message":"plain","MessageAttributes":{"a":{"DataType":"String","StringValue":"v"}}}`,
			want: map[string]string{"MessageId": `"m-2"`}},
		{resource: "arn:aws:states:::sns:publish", input: `{"TopicArn":"arn:aws:sns:us-east-1:123456789012:nope","Message":"m"}`,
			wantErr: "SNS.NotFoundException", cause: `^Topic does not exist \(Service: AmazonSNS; Status Code: 404; Error Code: NotFound; Request ID: req-1; Proxy: null\)$`},
		{resource: "arn:aws:states:::aws-sdk:sns:publish", input: `{"TopicArn":"arn:aws:sns:us-east-1:123456789012:nope","Message":"m"}`,
			wantErr: "Sns.NotFoundException", cause: `^Topic does not exist \(Service: Sns, Status Code: 404, Request ID: req-1\)$`},
		{resource: "arn:aws:states:::sns:publish", input: `{"TopicArn":"` + fakeTopic + `","Message":"m","MessageAttributes":{"a":{"DataType":"String","Value":"v"}}}`,
			wantErr: asl.ErrRuntime, cause: `'MessageAttributes\.a\.Value' is not a message attribute field`},
	})
	want := []string{`{"Message":"HelloWorld!"}`, "plain"}
	if strings.Join(*messages, "|") != strings.Join(want, "|") {
		t.Errorf("published %q, want %q", *messages, want)
	}
}

func TestHandles(t *testing.T) {
	h := New(Clients{})
	tests := []struct {
		resource string
		want     bool
	}{
		{"arn:aws:states:::aws-sdk:s3:getObject", true},
		{"arn:aws-us-gov:states:::aws-sdk:s3:putObject", true},
		{"arn:aws:states:::aws-sdk:dynamodb:updateItem", true},
		{"arn:aws:states:::dynamodb:getItem", true},
		{"arn:aws:states:::sqs:sendMessage", true},
		{"arn:aws:states:::sns:publish", true},
		{"arn:aws:states:::aws-sdk:sns:publish", true},
		{"arn:aws:states:::sqs:sendMessage.waitForTaskToken", false},
		{"arn:aws:states:::s3:getObject", false},
		{"arn:aws:states:::aws-sdk:dynamodb:deleteItem", false},
		{"arn:aws:states:::lambda:invoke", false},
		{"arn:aws:states:us-east-1:123456789012:activity:a", false},
		{"arn:aws:lambda:us-east-1:123456789012:function:f", false},
		{"sns:publish", false},
	}
	for _, tt := range tests {
		if got := h.Handles(tt.resource); got != tt.want {
			t.Errorf("Handles(%q) = %v, want %v", tt.resource, got, tt.want)
		}
	}
}

func TestMissingClient(t *testing.T) {
	h := New(Clients{})
	for _, r := range []string{"arn:aws:states:::aws-sdk:s3:getObject", "arn:aws:states:::dynamodb:putItem", "arn:aws:states:::sqs:sendMessage", "arn:aws:states:::sns:publish"} {
		_, serr := h.Call(context.Background(), &task.Call{State: "S", Resource: r, Input: map[string]any{}})
		if serr == nil || serr.Name != asl.ErrRuntime || !strings.Contains(serr.Cause, "--endpoint-url") || !strings.Contains(serr.Cause, r) {
			t.Errorf("%s: got %v, want States.Runtime naming the resource and --endpoint-url", r, serr)
		}
	}
	if _, serr := h.Call(context.Background(), &task.Call{Resource: "arn:aws:states:::lambda:invoke"}); serr == nil || serr.Name != asl.ErrRuntime {
		t.Errorf("unknown resource: got %v, want States.Runtime", serr)
	}
}

func TestUnreachable(t *testing.T) {
	c, _ := newFakeSNS(t)
	h := New(Clients{SNS: c})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, serr := h.Call(ctx, &task.Call{State: "S", Resource: "arn:aws:states:::sns:publish", Input: map[string]any{"TopicArn": fakeTopic, "Message": "m"}})
	if serr == nil || serr.Name != asl.ErrTaskFailed || !strings.Contains(serr.Cause, "check --endpoint-url") {
		t.Errorf("got %v, want States.TaskFailed saying what to check", serr)
	}
}

func TestCompactJSON(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(compactJSON(map[string]any{"b": "<&>", "a": []any{json.Number("1.50"), true, nil}}))
	if want := `{"a":[1.50,true,null],"b":"<&>"}`; b.String() != want {
		t.Errorf("got %s, want %s", b.String(), want)
	}
}

func TestOptimizedMetadata(t *testing.T) {
	h := New(Clients{DynamoDB: newFakeDynamo(t)})
	out, serr := h.Call(context.Background(), &task.Call{State: "S", Resource: "arn:aws:states:::dynamodb:putItem", Input: decode(t, `{"TableName":"t","Item":{"pk":{"S":"m"}}}`)})
	if serr != nil {
		t.Fatal(serr)
	}
	md := out.(map[string]any)["SdkHttpMetadata"].(map[string]any)
	tests := []struct{ field, want string }{
		{"HttpStatusCode", "200"},
		{"HttpHeaders", `"application/x-amz-json-1.0"`},
		{"AllHttpHeaders", `["application/x-amz-json-1.0"]`},
	}
	for _, tt := range tests {
		got := md[tt.field]
		if m, ok := got.(map[string]any); ok {
			got = m["Content-Type"]
		}
		if compactJSON(got) != tt.want {
			t.Errorf("%s: got %s, want %s", tt.field, compactJSON(got), tt.want)
		}
	}
}
