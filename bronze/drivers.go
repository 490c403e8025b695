package bronze

// Blob drivers for the URL schemes OpenStore accepts: file://, mem://,
// s3:// and gs://. Other gocloud.dev drivers (azblob://) work once their
// package is blank-imported by the program.
import (
	_ "gocloud.dev/blob/fileblob"
	_ "gocloud.dev/blob/gcsblob"
	_ "gocloud.dev/blob/memblob"
	_ "gocloud.dev/blob/s3blob"
)
