// Written by Scripts/generate-openapi.sh: the SHA-256 of the API document the code here was generated from.
public enum GeneratedFrom {
    public static let documentSHA256 = "fc05488b848a89356c37aceae87ba2fc19d1349caeb7ed8d01c3b85936f3f456"
}
