// Written by Scripts/generate-openapi.sh: the SHA-256 of the API document the code here was generated from.
public enum GeneratedFrom {
    public static let documentSHA256 = "bae087e95299caed8881ced73146f0a4874093d9d3a1b7eca7d0f0f3ca20b305"
}
