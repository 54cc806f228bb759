using System.Diagnostics;
using System.Text;

namespace ReleasePolicy.LocalHost.Hosting;

/// <summary>Collects a child process's stdout and stderr, so a failure message can show what it said.</summary>
internal sealed class ProcessOutput
{
    private readonly StringBuilder lines = new();

    private ProcessOutput()
    {
    }

    public string Text
    {
        get
        {
            lock (this.lines)
            {
                return this.lines.ToString();
            }
        }
    }

    /// <summary>Starts reading both streams of a started process with redirected output.</summary>
    public static ProcessOutput Capture(Process process)
    {
        var output = new ProcessOutput();
        process.OutputDataReceived += (_, e) => output.Append(e.Data);
        process.ErrorDataReceived += (_, e) => output.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return output;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (this.lines)
        {
            this.lines.AppendLine(line);
        }
    }
}
