// Written by Scripts/generate-openapi.sh: the SHA-256 of the API document the code here was generated from.
public enum GeneratedFrom {
    public static let documentSHA256 = "7dd264a4f4541320ec17318d3233fdb999efe3e8c18cf3b6bb8dcfb21b30a525"
}
