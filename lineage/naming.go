package lineage

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"strings"
)

// DatasetName identifies a dataset the OpenLineage way: a namespace naming
// the data source (scheme://authority) and a name unique within it.
// Lineage joins datasets only on exact (namespace, name) equality, so every
// producer must derive them by the same rules; the constructors below
// implement the OpenLineage naming spec (see the package documentation).
type DatasetName struct {
	Namespace string
	Name      string
}

// Input returns an input dataset with this name and no facets.
func (n DatasetName) Input() InputDataset {
	return InputDataset{Namespace: n.Namespace, Name: n.Name}
}

// Output returns an output dataset with this name and no facets.
func (n DatasetName) Output() OutputDataset {
	return OutputDataset{Namespace: n.Namespace, Name: n.Name}
}

// DataSource returns the dataSource facet of the namespace: name = the
// namespace, uri = the namespace as a URI ("file:///" for local files,
// whose namespace "file" is not a URI by itself).
func (n DatasetName) DataSource() *DataSourceFacet {
	uri := n.Namespace
	if uri == "file" {
		uri = "file:///"
	}
	if !isAbsoluteURI(uri) {
		uri = ""
	}
	return NewDataSourceFacet(n.Namespace, uri)
}

// ErrInvalidLocation is wrapped by the naming functions when a location
// cannot be turned into a dataset name.
var ErrInvalidLocation = errors.New("lineage: invalid dataset location")

// FileDataset names a local file or directory: namespace "file", name the
// absolute, cleaned path with forward slashes and no trailing slash ("/" for
// the root). A relative path is resolved against the working directory.
func FileDataset(p string) (DatasetName, error) {
	if p == "" {
		return DatasetName{}, fmt.Errorf("%w: empty path", ErrInvalidLocation)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return DatasetName{}, fmt.Errorf("%w: %v", ErrInvalidLocation, err)
	}
	name := filepath.ToSlash(abs)
	if !strings.HasPrefix(name, "/") {
		name = "/" + name // Windows drive paths: /C:/data
	}
	return DatasetName{Namespace: "file", Name: name}, nil
}

// S3Dataset names an S3 object or prefix: namespace "s3://bucket", name the
// key without leading or trailing slashes ("/" for the bucket root).
func S3Dataset(bucket, key string) DatasetName {
	return DatasetName{Namespace: "s3://" + bucket, Name: objectName(key)}
}

// GCSDataset names a Google Cloud Storage object or prefix: namespace
// "gs://bucket", name as for S3.
func GCSDataset(bucket, key string) DatasetName {
	return DatasetName{Namespace: "gs://" + bucket, Name: objectName(key)}
}

func objectName(key string) string {
	k := strings.Trim(key, "/")
	if k == "" {
		return "/"
	}
	return k
}

// LocationDataset names the dataset stored at a location given as a URL
// (file://, s3://, s3a://, s3n://, gs://, or any scheme://authority/path) or
// as a local path. Query strings (gocloud.dev bucket options such as
// ?region=) and user info are not part of the name.
//
//   - file:///data/x, /data/x, data/x (relative)  → ("file", "/abs/data/x")
//   - file://host/data/x                          → ("file://host", "/data/x")
//   - s3://bucket/a/b/, s3a://bucket/a/b          → ("s3://bucket", "a/b")
//   - gs://bucket/a                               → ("gs://bucket", "a")
//   - hdfs://nn:8020/a                            → ("hdfs://nn:8020", "/a")
//   - other://host/a/b                            → ("other://host", "a/b")
func LocationDataset(location string) (DatasetName, error) {
	if location == "" {
		return DatasetName{}, fmt.Errorf("%w: empty location", ErrInvalidLocation)
	}
	if !strings.Contains(location, ":") || isWindowsDrive(location) {
		return FileDataset(location)
	}
	u, err := url.Parse(location)
	if err != nil {
		return DatasetName{}, fmt.Errorf("%w: not a URL or path", ErrInvalidLocation)
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme == "" {
		return FileDataset(location)
	}
	switch scheme {
	case "file":
		if u.Opaque != "" { // file:relative/path
			return FileDataset(u.Opaque)
		}
		p := cleanAbsPath(u.Path)
		if u.Host == "" || u.Host == "localhost" {
			return DatasetName{Namespace: "file", Name: p}, nil
		}
		return DatasetName{Namespace: "file://" + u.Host, Name: p}, nil
	case "s3", "s3a", "s3n":
		if u.Host == "" {
			return DatasetName{}, fmt.Errorf("%w: %s URL without a bucket", ErrInvalidLocation, scheme)
		}
		return S3Dataset(u.Host, u.Path), nil
	case "gs", "gcs":
		if u.Host == "" {
			return DatasetName{}, fmt.Errorf("%w: %s URL without a bucket", ErrInvalidLocation, scheme)
		}
		return GCSDataset(u.Host, u.Path), nil
	case "hdfs":
		return DatasetName{Namespace: "hdfs://" + u.Host, Name: cleanAbsPath(u.Path)}, nil
	default:
		if u.Host == "" {
			return DatasetName{}, fmt.Errorf("%w: %s URL without an authority", ErrInvalidLocation, scheme)
		}
		return DatasetName{Namespace: scheme + "://" + u.Host, Name: objectName(u.Path)}, nil
	}
}

func cleanAbsPath(p string) string {
	if p == "" {
		return "/"
	}
	return path.Clean("/" + p)
}

func isWindowsDrive(s string) bool {
	return len(s) >= 3 && s[1] == ':' && (s[2] == '\\' || s[2] == '/') &&
		('a' <= s[0] && s[0] <= 'z' || 'A' <= s[0] && s[0] <= 'Z')
}

// GlueTableName is the name of a table in the AWS Glue Data Catalog:
// namespace "arn:aws:glue:{region}:{account}", name "table/{database}/{table}".
func GlueTableName(region, accountID, database, table string) DatasetName {
	return DatasetName{
		Namespace: "arn:aws:glue:" + region + ":" + accountID,
		Name:      "table/" + database + "/" + table,
	}
}

// redactURI returns uri without user info, query and fragment (where
// connection strings carry credentials), or "" when it does not parse as a
// URL with a scheme, so the caller never shows an unvetted string.
func redactURI(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme == "" {
		return ""
	}
	u.User = nil
	u.RawQuery = ""
	u.ForceQuery = false
	u.Fragment = ""
	u.RawFragment = ""
	return u.String()
}
