package sdk

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/execute/task"
)

// service names one AWS service the way Step Functions names it in errors.
// The two kinds of integration are built on different AWS SDKs for Java,
// and their errors show it (recorded against AWS, see
// /work/shared/conformance/error_handling):
//
//   - AWS SDK integrations (aws-sdk:…) use SDK v2: "DynamoDb.ResourceNotFoundException",
//     cause "Requested resource not found (Service: DynamoDb, Status Code: 400, Request ID: …)";
//     S3 adds ", Extended Request ID: …" inside the parentheses.
//   - Optimized integrations use SDK v1: "DynamoDB.ResourceNotFoundException",
//     cause "… (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ResourceNotFoundException; Request ID: …; Proxy: null)".
//
// Either way the exception is the modeled error shape with "Exception"
// appended when it lacks it (S3 NoSuchKey → S3.NoSuchKeyException); an
// error the service model does not declare (DynamoDB's ValidationException,
// SQS's MissingParameter) becomes the SDK's catch-all exception
// (DynamoDb.DynamoDbException, SQS.AmazonSQSException).
type service struct {
	// v2 is the AWS SDK integration's prefix and "Service:" name; v2Generic
	// its catch-all exception.
	v2, v2Generic string
	// v1 is the optimized integration's prefix, v1Service its "Service:"
	// name and v1Generic its catch-all exception.
	v1, v1Service, v1Generic string
	// modeled lists error codes the service model declares that the Go SDK
	// may still return as a generic error, because Go only models the errors
	// each operation declares (GetObject does not declare NoSuchBucket, but
	// Step Functions still reports S3.NoSuchBucketException).
	modeled []string
	// hostID: the cause carries S3's Extended Request ID.
	hostID bool
}

var (
	svcS3       = &service{v2: "S3", v2Generic: "S3Exception", v1: "S3", v1Service: "Amazon S3", v1Generic: "AmazonS3Exception", modeled: []string{"NoSuchBucket", "NoSuchKey", "InvalidObjectState", "EncryptionTypeMismatch", "InvalidRequest", "InvalidWriteOffset", "TooManyParts"}, hostID: true}
	svcDynamoDB = &service{v2: "DynamoDb", v2Generic: "DynamoDbException", v1: "DynamoDB", v1Service: "AmazonDynamoDBv2", v1Generic: "AmazonDynamoDBException", modeled: []string{"ConditionalCheckFailedException", "ProvisionedThroughputExceededException", "RequestLimitExceeded", "ResourceNotFoundException", "TransactionConflictException", "ItemCollectionSizeLimitExceededException", "InternalServerError", "ThrottlingException", "ReplicatedWriteConflictException"}}
	svcSQS      = &service{v2: "Sqs", v2Generic: "SqsException", v1: "SQS", v1Service: "AmazonSQS", v1Generic: "AmazonSQSException", modeled: []string{"QueueDoesNotExist", "InvalidMessageContents", "UnsupportedOperation", "RequestThrottled", "InvalidAddress", "InvalidSecurity", "KmsAccessDenied", "KmsDisabled", "KmsInvalidKeyUsage", "KmsInvalidState", "KmsNotFound", "KmsOptInRequired", "KmsThrottled"}}
	svcSNS      = &service{v2: "Sns", v2Generic: "SnsException", v1: "SNS", v1Service: "AmazonSNS", v1Generic: "AmazonSNSException", modeled: []string{"NotFoundException", "InvalidParameterException", "InvalidParameterValueException", "AuthorizationErrorException", "InternalErrorException", "EndpointDisabledException", "PlatformApplicationDisabledException", "KMSAccessDeniedException", "KMSDisabledException", "KMSInvalidStateException", "KMSNotFoundException", "KMSOptInRequired", "KMSThrottlingException", "InvalidSecurityException", "ValidationException", "ThrottledException"}}
)

// failure converts an error of an SDK call into the StatesError Step
// Functions reports. optimized selects the optimized integration's naming.
func (s *service) failure(ctx context.Context, err error, optimized bool) *asl.StatesError {
	var api smithy.APIError
	if !errors.As(err, &api) {
		return transportFailure(ctx, err)
	}
	exception := s.exception(api, optimized)
	status, requestID, hostID := 0, "", ""
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		status, requestID = re.HTTPStatusCode(), re.ServiceRequestID()
	}
	var h interface{ ServiceHostID() string }
	if errors.As(err, &h) {
		hostID = h.ServiceHostID()
	}
	var detail, name string
	switch {
	case optimized:
		name = s.v1 + "." + exception
		detail = fmt.Sprintf("(Service: %s; Status Code: %d; Error Code: %s; Request ID: %s; Proxy: null)", s.v1Service, status, api.ErrorCode(), requestID)
	case s.hostID:
		name = s.v2 + "." + exception
		detail = fmt.Sprintf("(Service: %s, Status Code: %d, Request ID: %s, Extended Request ID: %s)", s.v2, status, requestID, hostID)
	default:
		name = s.v2 + "." + exception
		detail = fmt.Sprintf("(Service: %s, Status Code: %d, Request ID: %s)", s.v2, status, requestID)
	}
	// A service that sends no message (gofakes3's NoSuchKey) leaves just
	// the parenthesis, not a cause that starts with a space.
	return task.Failed(name, "%s", strings.TrimSpace(api.ErrorMessage()+" "+detail))
}

// exception names the Java exception class of an API error.
func (s *service) exception(api smithy.APIError, optimized bool) string {
	shape := ""
	if _, generic := api.(*smithy.GenericAPIError); !generic {
		// A modeled Go error type is named after the model's shape, which
		// is what Java names its class after; ErrorCode may instead be a
		// legacy query code (AWS.SimpleQueueService.NonExistentQueue).
		t := reflect.TypeOf(api)
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		shape = t.Name()
	} else {
		for _, m := range s.modeled {
			if api.ErrorCode() == m {
				shape = m
			}
		}
	}
	switch {
	case shape == "" && optimized:
		return s.v1Generic
	case shape == "":
		return s.v2Generic
	case strings.HasSuffix(shape, "Exception"):
		return shape
	}
	return shape + "Exception"
}

// transportFailure is a call that got no answer from the service: the
// endpoint is unreachable, the credentials are missing, or the state's
// timeout passed.
func transportFailure(ctx context.Context, err error) *asl.StatesError {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return task.Failed(asl.ErrTimeout, "The task did not complete within its TimeoutSeconds: %v", err)
	}
	return task.Failed(asl.ErrTaskFailed, "%v; check --endpoint-url, the region and the AWS credentials, and that the service is reachable", err)
}

// missingClient is the failure of a resource whose service has no client.
func missingClient(service, resource string) *asl.StatesError {
	return asl.Runtime("sfnsim has no %s client for %s; pass --endpoint-url for %s (or configure an AWS region and credentials) to call it, or mock the state with a mock configuration file", service, resource, service)
}

func unsupported(resource string) *asl.StatesError {
	return asl.Runtime("%s is not an integration sfnsim can call; mock the state with a mock configuration file", resource)
}
