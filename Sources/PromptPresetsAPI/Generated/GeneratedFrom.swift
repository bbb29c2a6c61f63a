// Written by Scripts/generate-openapi.sh: the SHA-256 of the API document the code here was generated from.
public enum GeneratedFrom {
    public static let documentSHA256 = "64f9a03437e773204bf85059c84f5e4cc8a45f9869c1aac5b7cfcb9fd6a198b8"
}
