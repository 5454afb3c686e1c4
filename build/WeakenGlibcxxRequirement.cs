// MSBuild inline task (RoslynCodeTaskFactory, compiled against netstandard): marks one
// GLIBCXX version requirement of an ELF64 shared library as weak (VER_FLG_WEAK), so the
// dynamic loader accepts a libstdc++ that lacks that version.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class WeakenGlibcxxRequirement : Task
{
    [Required] public string LibraryPath { get; set; }
    [Required] public string VersionName { get; set; }

    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 2;

    static readonly string[] SystemLibstdcxx =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    };

    public override bool Execute()
    {
        if (SystemProvides(VersionName))
        {
            Log.LogMessage(MessageImportance.Low, "System libstdc++ provides " + VersionName + "; " + LibraryPath + " left as it is.");
            return true;
        }
        byte[] elf = File.ReadAllBytes(LibraryPath);
        int changed;
        try { changed = Weaken(elf, VersionName); }
        catch (Exception e) { Log.LogError("Cannot patch " + LibraryPath + ": " + e.Message); return false; }
        if (changed == 0)
        {
            Log.LogMessage(MessageImportance.Low, LibraryPath + ": no strong " + VersionName + " requirement.");
            return true;
        }
        string temp = LibraryPath + ".patching";
        File.WriteAllBytes(temp, elf);
        File.Delete(LibraryPath);
        File.Move(temp, LibraryPath);
        Log.LogMessage(MessageImportance.Normal, "Marked " + VersionName + " weak in " + LibraryPath + ".");
        return true;
    }

    static bool SystemProvides(string version)
    {
        byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (string path in SystemLibstdcxx)
        {
            if (!File.Exists(path)) continue;
            if (IndexOf(File.ReadAllBytes(path), needle) >= 0) return true;
            return false;
        }
        return false;
    }

    static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    // Walks the section headers to SHT_GNU_verneed, then each Verneed's Vernaux entries,
    // and sets vna_flags to VER_FLG_WEAK on the entry named `version`. Returns how many changed.
    static int Weaken(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("not a little-endian ELF64 file");
        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        int changed = 0;
        for (int s = 0; s < shnum; s++)
        {
            long sh = shoff + (long)s * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            long offset = (long)BitConverter.ToUInt64(elf, (int)sh + 24);
            int link = (int)BitConverter.ToUInt32(elf, (int)sh + 40);
            int count = (int)BitConverter.ToUInt32(elf, (int)sh + 44);
            long strtab = (long)BitConverter.ToUInt64(elf, (int)(shoff + (long)link * shentsize) + 24);

            long verneed = offset;
            for (int n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)verneed + 2);
                long aux = verneed + BitConverter.ToUInt32(elf, (int)verneed + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    long name = strtab + BitConverter.ToUInt32(elf, (int)aux + 8);
                    if (ReadCString(elf, name) == version && BitConverter.ToUInt16(elf, (int)aux + 4) != VerFlgWeak)
                    {
                        elf[aux + 4] = (byte)VerFlgWeak;
                        elf[aux + 5] = 0;
                        changed++;
                    }
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                verneed += BitConverter.ToUInt32(elf, (int)verneed + 12);
            }
        }
        return changed;
    }

    static string ReadCString(byte[] data, long start)
    {
        long end = start;
        while (end < data.Length && data[end] != 0) end++;
        return Encoding.ASCII.GetString(data, (int)start, (int)(end - start));
    }
}
