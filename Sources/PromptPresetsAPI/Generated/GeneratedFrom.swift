// Written by Scripts/generate-openapi.sh: the SHA-256 of the API document the code here was generated from.
public enum GeneratedFrom {
    public static let documentSHA256 = "b2c21a31be795cea967ca4219a6fb1255963de5dc5dc2fb36bf471fa4d59b260"
}
