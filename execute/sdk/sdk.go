// Package sdk performs the AWS service integrations that Task states, and
// above all the children of Distributed Map states, most often call: S3
// objects, DynamoDB items, SQS messages and SNS notifications, through both
// the AWS SDK integrations (arn:aws:states:::aws-sdk:s3:getObject) and the
// optimized ones (arn:aws:states:::dynamodb:putItem).
//
// Requests and responses keep the PascalCase field names Step Functions
// uses, and failures carry the error names and causes Step Functions
// reports, so that Retry and Catch behave as they do on AWS.
package sdk

import (
	"context"
	"io"
	"strings"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/execute/task"
)

// Clients are the service clients calls go to. Any may be nil: a call of
// that service then fails with a cause that says what to configure.
type Clients struct {
	S3       *s3.Client
	DynamoDB *dynamodb.Client
	SQS      *sqs.Client
	SNS      *sns.Client
	// Folders, when set, serves the buckets it knows from local folders
	// (sfnsim run --s3-dir): S3 calls to them never reach S3.
	Folders Folders
}

// Folders serves buckets that stand in local folders.
type Folders interface {
	Serves(bucket string) bool
	GetObject(ctx context.Context, bucket, key string) (io.ReadCloser, error)
	PutObject(ctx context.Context, bucket, key string, body []byte) error
}

// Handler performs the integrations of this package. It holds no state of
// its own besides the clients, which are safe for concurrent use, so one
// Handler serves every child of a Distributed Map at once.
type Handler struct {
	c Clients
}

// New returns a Handler calling through c.
func New(c Clients) *Handler { return &Handler{c: c} }

var _ task.Handler = (*Handler)(nil)

// operation is one supported integration.
type operation struct {
	service string // for messages: "S3", "DynamoDB" …
	call    func(h *Handler, ctx context.Context, c *task.Call, optimized bool) (any, *asl.StatesError)
}

// aws-sdk integrations are keyed "aws-sdk:<service>:<action>", optimized
// ones "<service>:<action>". The .sync and .waitForTaskToken variants are
// not here: they need a callback or a poll this package does not do.
var operations = map[string]operation{
	"aws-sdk:s3:getObject":        {"S3", (*Handler).s3GetObject},
	"aws-sdk:s3:putObject":        {"S3", (*Handler).s3PutObject},
	"aws-sdk:dynamodb:getItem":    {"DynamoDB", (*Handler).dynamoGetItem},
	"aws-sdk:dynamodb:putItem":    {"DynamoDB", (*Handler).dynamoPutItem},
	"aws-sdk:dynamodb:updateItem": {"DynamoDB", (*Handler).dynamoUpdateItem},
	"aws-sdk:sqs:sendMessage":     {"SQS", (*Handler).sqsSendMessage},
	"aws-sdk:sns:publish":         {"SNS", (*Handler).snsPublish},
	"dynamodb:getItem":            {"DynamoDB", (*Handler).dynamoGetItem},
	"dynamodb:putItem":            {"DynamoDB", (*Handler).dynamoPutItem},
	"dynamodb:updateItem":         {"DynamoDB", (*Handler).dynamoUpdateItem},
	"sqs:sendMessage":             {"SQS", (*Handler).sqsSendMessage},
	"sns:publish":                 {"SNS", (*Handler).snsPublish},
}

// integration returns the part of a Step Functions resource ARN after
// "arn:<partition>:states:::", in any partition (aws, aws-cn, aws-us-gov).
func integration(resource string) (string, bool) {
	parts := strings.SplitN(resource, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] == "" || parts[2] != "states" || parts[3] != "" || parts[4] != "" {
		return "", false
	}
	return parts[5], true
}

// Handles reports whether resource is one of the supported integrations.
func (h *Handler) Handles(resource string) bool {
	name, ok := integration(resource)
	if !ok {
		return false
	}
	_, ok = operations[name]
	return ok
}

// Call performs c. The output is the API response with the field names
// Step Functions uses; the optimized integrations add the SdkHttpMetadata
// and SdkResponseMetadata they return on AWS.
func (h *Handler) Call(ctx context.Context, c *task.Call) (any, *asl.StatesError) {
	name, _ := integration(c.Resource)
	op, ok := operations[name]
	if !ok {
		return nil, unsupported(c.Resource)
	}
	if !h.has(op.service) {
		return nil, missingClient(op.service, c.Resource)
	}
	return op.call(h, ctx, c, !strings.HasPrefix(name, "aws-sdk:"))
}

func (h *Handler) has(service string) bool {
	switch service {
	case "S3":
		return h.c.S3 != nil || h.c.Folders != nil
	case "DynamoDB":
		return h.c.DynamoDB != nil
	case "SQS":
		return h.c.SQS != nil
	case "SNS":
		return h.c.SNS != nil
	}
	return false
}

// skipValidation removes the SDK's check of required fields, so that a
// missing or null field reaches the service and fails as it does on AWS
// (SQS.AmazonSQSException "The request must contain the parameter
// MessageBody.", DynamoDb.DynamoDbException "Value null at 'item' …")
// instead of with a Go SDK message no state machine expects.
func skipValidation(stack *middleware.Stack) error {
	_, err := stack.Initialize.Remove("OperationInputValidation")
	return err
}

// withMetadata adds the HTTP metadata the optimized integrations return,
// as the Java SDK v1 that they are built on reports it: every header with
// all its values in AllHttpHeaders, and with its first value in
// HttpHeaders. Header names are as Go's HTTP client canonicalises them.
func withMetadata(out map[string]any, md middleware.Metadata) map[string]any {
	all, first := map[string]any{}, map[string]any{}
	status := 0
	if raw, ok := awsmiddleware.GetRawResponse(md).(*smithyhttp.Response); ok && raw != nil {
		status = raw.StatusCode
		for k, vs := range raw.Header {
			all[k] = stringsToAny(vs)
			if len(vs) > 0 {
				first[k] = vs[0]
			}
		}
	}
	requestID, _ := awsmiddleware.GetRequestIDMetadata(md)
	out["SdkHttpMetadata"] = map[string]any{"AllHttpHeaders": all, "HttpHeaders": first, "HttpStatusCode": jsonInt(int64(status))}
	out["SdkResponseMetadata"] = map[string]any{"RequestId": requestID}
	return out
}
